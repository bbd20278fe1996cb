package io.tributary.e2e.chaos;

import io.tributary.dev.ServiceProcess;
import io.tributary.dev.StackPlan;
import io.tributary.dev.StackTopics;
import io.tributary.localinfra.LocalMachine;
import io.tributary.localinfra.LocalPostgres;
import io.tributary.localinfra.Migrations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Everything a chaos run kills, each a process of its own on fixed ports and directories so that a restart resumes:
 * PostgreSQL, the Kafka broker, and capture-service, router-service, webhook-dispatcher and sync-worker from their
 * executable jars. A watchdog notes (and restarts) any service that exits without being killed. {@link #close}, also
 * run by a shutdown hook, stops every process it started; processes left by a test JVM that died are stopped by
 * the next run. Crashes are injected one at a time from one thread; the watchdog is the only other thread.
 */
final class ChaosStack implements AutoCloseable {

    static final List<String> SERVICES = List.of("capture-service", "router-service", "webhook-dispatcher",
            "sync-worker");
    static final String SLOT = "tributary_chaos";
    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));
    private static final String POSTGRES_DIR_PREFIX = "tributary-chaos-pg-";

    /**
     * The retry schedule of the dispatcher and the sync worker, short and with attempts that outlast the
     * receiver's outages: waits of 1, 2, 4 and then 5 s, about 47 s in all. Every attempt has a retry topic of
     * its own (the jitter keeps spring-kafka from reusing one), so more attempts cost more consumers.
     */
    static final int RETRY_ATTEMPTS = 12;
    static final Duration RETRY_INITIAL = Duration.ofSeconds(1);
    static final Duration RETRY_MAX = Duration.ofSeconds(5);

    /** The scheduled wait after attempt {@code attempt} (before jitter). */
    static Duration retryWait(int attempt) {
        Duration wait = RETRY_INITIAL.multipliedBy(1L << Math.min(attempt - 1, 20));
        return wait.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : wait;
    }

    private final Path dir;
    private final String adminKey = "trb_chaos_admin_" + HexFormat.of().formatHex(randomBytes(12));
    private final ChaosPostgres postgres;
    private final BrokerProcess kafka;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Set<String> crashing = ConcurrentHashMap.newKeySet();
    private final List<String> unexpectedExits = new CopyOnWriteArrayList<>();
    private final List<String> jars = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "chaos-stack-stop");
    private final Thread watchdog = new Thread(this::watch, "chaos-watchdog");
    private volatile boolean closed;

    private ChaosStack(Path root, Path dir) {
        this.dir = dir;
        int kafkaPort = LocalMachine.freePort();
        postgres = new ChaosPostgres(postgresDir(), LocalMachine.freePort());
        kafka = new BrokerProcess(dir.resolve("kafka").resolve("data"), kafkaPort, LocalMachine.freePort(),
                dir.resolve("logs").resolve("kafka.log"));
        StackPlan plan = plan();
        for (StackPlan.Service service : plan.services()) {
            services.put(service.name(), new ServiceProcess(service.name(), copyOfJar(root, service.name()),
                    service.port(), service.arguments(), plan.environment(), dir.resolve("logs")));
        }
    }

    /**
     * A copy of the service's executable jar, so that every restart runs the same build even when the module is
     * built again meanwhile (and a running service never reads a jar being rewritten).
     */
    private Path copyOfJar(Path root, String module) {
        Path jar = ServiceProcess.jarOf(root, module);
        try {
            Path copy = Files.createDirectories(dir.resolve("jars")).resolve(module + ".jar");
            Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            jars.add(module + " built " + Files.getLastModifiedTime(jar));
            return copy;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not copy " + jar, e);
        }
    }

    /** Stops what a dead earlier run left, then starts PostgreSQL, Kafka, the topics, the schema and the services. */
    static ChaosStack start(Path root, Path dir) throws Exception {
        stopLeftovers(dir);
        ChaosStack stack = new ChaosStack(root, dir);
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        Files.writeString(Files.createDirectories(dir).resolve("owner.pid"),
                Long.toString(ProcessHandle.current().pid()));
        try {
            stack.postgres.start();
            stack.createSchema();
            stack.kafka.start(Duration.ofMinutes(2));
            stack.createTopics();
            for (ServiceProcess service : stack.services.values()) {
                service.start();
            }
            for (ServiceProcess service : stack.services.values()) {
                service.awaitReady(Duration.ofMinutes(4));
            }
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
        stack.watchdog.setDaemon(true);
        stack.watchdog.start();
        return stack;
    }

    /** The local stack's wiring of the services on free ports, with the chaos run's tuning. */
    private StackPlan plan() {
        StackPlan.Database db = new StackPlan.Database("127.0.0.1", postgres.port(), LocalPostgres.DATABASE,
                LocalPostgres.USER, LocalPostgres.PASSWORD);
        StackPlan.Builder plan = StackPlan.builder(SERVICES, kafka.bootstrapServers(), db, dir).slot(SLOT)
                .adminKey(adminKey);
        // Marks the command line, so that a later run finds processes a dead run left behind.
        String marker = "--chaos.run=" + dir;
        SERVICES.forEach(service -> plan.port(service, LocalMachine.freePort()).arguments(service, List.of(marker)));
        // A killed member holds its partitions until its session expires: keep that short.
        List<String> fastFailover = List.of("--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000");
        List<String> retry = List.of("max-attempts=" + RETRY_ATTEMPTS, "initial-interval=" + RETRY_INITIAL,
                "multiplier=2", "max-interval=" + RETRY_MAX);
        plan.arguments("router-service", List.of("--tributary.router.streams.session.timeout.ms=6000",
                "--tributary.router.streams.heartbeat.interval.ms=1000"));
        List<String> webhook = new ArrayList<>(List.of("--tributary.webhook.circuit-breaker.open-duration=PT5S"));
        retry.forEach(setting -> webhook.add("--tributary.webhook.retry." + setting));
        webhook.addAll(fastFailover);
        plan.arguments("webhook-dispatcher", webhook);
        List<String> sync = new ArrayList<>(List.of("--tributary.sync.targets.copy.provider=jdbc",
                "--tributary.sync.targets.copy.jdbc.url=" + db.jdbcUrl(),
                "--tributary.sync.targets.copy.jdbc.user=" + LocalPostgres.USER,
                "--tributary.sync.targets.copy.jdbc.password=" + LocalPostgres.PASSWORD,
                "--tributary.sync.targets.copy.jdbc.table=public.chaos_copy",
                "--tributary.sync.targets.copy.jdbc.key-columns[0]=id",
                "--tributary.sync.targets.copy.mapping.id=new.id",
                "--tributary.sync.targets.copy.mapping.seq=new.seq"));
        retry.forEach(setting -> sync.add("--tributary.sync.retry." + setting));
        sync.addAll(fastFailover);
        plan.arguments("sync-worker", sync);
        return plan.build();
    }

    private void createSchema() throws Exception {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE chaos_items (id int PRIMARY KEY, tenant text NOT NULL, seq bigint NOT NULL,"
                    + " parity text NOT NULL, note text); ALTER TABLE chaos_items REPLICA IDENTITY FULL;"
                    + " CREATE TABLE chaos_copy (id int PRIMARY KEY, seq bigint NOT NULL)");
            Migrations.apply(connection);
        }
    }

    private void createTopics() {
        StackTopics.create(kafka.bootstrapServers(), Duration.ofSeconds(60));
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    ChaosPostgres postgres() {
        return postgres;
    }

    String adminKey() {
        return adminKey;
    }

    String url(String service) {
        return "http://127.0.0.1:" + services.get(service).port();
    }

    Path logs() {
        return dir.resolve("logs");
    }

    /** Which build of each service runs: the module and when its jar was built. */
    List<String> jars() {
        return List.copyOf(jars);
    }

    /** Services that exited without being killed, with the end of their logs. */
    List<String> unexpectedExits() {
        return List.copyOf(unexpectedExits);
    }

    /** SIGKILL to a service, then starts it again and waits until it is ready. */
    void crashService(String name) throws IOException, InterruptedException {
        ServiceProcess service = services.get(name);
        crashing.add(name);
        try {
            synchronized (this) {
                service.kill();
                note(service.log(), "killed with SIGKILL by the chaos test; starting again");
                service.start();
            }
            service.awaitReady(Duration.ofMinutes(4));
        } finally {
            crashing.remove(name);
        }
    }

    /** SIGKILL to the broker, then starts it again on the same log directory. */
    void crashKafka() throws IOException, InterruptedException {
        kafka.kill();
        note(kafka.log(), "killed with SIGKILL by the chaos test; starting again");
        kafka.start(Duration.ofMinutes(3));
    }

    /** SIGKILL to every PostgreSQL process, then starts it again on the same data directory. */
    void crashPostgres() throws IOException, InterruptedException {
        postgres.kill();
        postgres.restart();
    }

    private static void note(Path log, String what) throws IOException {
        Files.writeString(log, "\n=== " + java.time.Instant.now() + " " + what + " ===\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private void watch() {
        while (!closed) {
            synchronized (this) {
                for (ServiceProcess service : services.values()) {
                    if (!closed && !crashing.contains(service.name()) && !service.isAlive()) {
                        unexpectedExits.add(service.name() + " exited on its own at " + java.time.Instant.now()
                                + "; the end of " + service.log() + ":\n" + service.tail(15));
                        try {
                            note(service.log(), "exited on its own; the chaos test starts it again");
                            service.start();
                        } catch (IOException e) {
                            unexpectedExits.add(service.name() + " could not be started again: " + e);
                        }
                    }
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops every process this stack started; deletes the data, keeps the logs. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        watchdog.interrupt();
        for (ServiceProcess service : services.values()) {
            try {
                service.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            kafka.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        postgres.stop();
        deleteRecursively(postgres.baseDir());
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook
        }
        for (String data : List.of("kafka", "router-state", "jars")) {
            deleteRecursively(dir.resolve(data));
        }
    }

    /** Stops the processes and the PostgreSQL of an earlier run whose test JVM died, and removes its directory. */
    private static void stopLeftovers(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Path owner = dir.resolve("owner.pid");
        if (Files.exists(owner)) {
            long pid = Long.parseLong(Files.readString(owner).trim());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IllegalStateException("another chaos run (process " + pid + ") uses " + dir);
            }
        }
        String marker = dir.toString();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.filter(p -> p.pid() != ProcessHandle.current().pid())
                    .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                    .filter(p -> p.info().commandLine().map(c -> c.contains("java")).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
        }
        LocalPostgres.stopOrphans(TMP, POSTGRES_DIR_PREFIX);
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path path) {
        try {
            LocalMachine.deleteRecursively(path);
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort: the next run deletes it
        }
    }

    /**
     * PostgreSQL's directory: under the system's temporary directory, not the build's, because the server runs as
     * the {@code postgres} user when the tests run as root, and a checkout in a private directory (a fresh clone
     * in {@code mktemp -d}) is closed to it. A run whose JVM died leaves it behind with its owner's pid, for the next
     * run's {@link LocalPostgres#stopOrphans}.
     */
    private static Path postgresDir() {
        try {
            return Files.createTempDirectory(TMP, POSTGRES_DIR_PREFIX);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not create a directory for PostgreSQL in " + TMP, e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
