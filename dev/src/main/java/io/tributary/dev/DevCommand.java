package io.tributary.dev;

import io.tributary.dev.StackPlan.Database;
import io.tributary.localinfra.LocalKafka;
import io.tributary.localinfra.LocalMachine;
import io.tributary.localinfra.LocalPostgres;
import io.tributary.localinfra.Migrations;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tributary dev}: all of Tributary on this machine. Starts PostgreSQL (the local server binaries, with
 * logical replication) and a KRaft Kafka broker ({@code local-infra}), or uses {@code TRIBUTARY_PG_URL} and
 * {@code TRIBUTARY_KAFKA}; creates every topic ({@link StackTopics}); runs the services of its {@link StackPlan} from
 * their jars ({@link ServiceProcess}); writes {@code endpoints.env}; runs the {@link Demo}; watches the services
 * ({@link StackSupervisor}, {@link CaptureWatch}); and on Ctrl-C or SIGTERM stops everything it started. Its keys
 * and the demo's secret are {@link StackSecrets}.
 */
@Command(name = "tributary dev", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run all of Tributary locally: PostgreSQL, Kafka and every service, until Ctrl-C.",
            "Writes <data-dir>/endpoints.env, which every other ./tributary command reads."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./tributary dev                      # with a demo table, subscription and receiver",
            "  ./tributary dev --no-demo --fresh    # an empty stack",
            "  TRIBUTARY_KAFKA=broker:9092 ./tributary dev   # an existing broker instead of the local one"})
public final class DevCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where data, logs and endpoints.env live (default: .tributary/dev in the checkout).")
    Path dataDir;

    @Option(names = "--fresh", description = "Delete the data directory first.")
    boolean fresh;

    @Option(names = "--no-demo", negatable = false, description = "No demo table, subscription or receiver.")
    boolean noDemo;

    @Option(names = "--port-base", defaultValue = "8081", paramLabel = "PORT",
            description = "capture-service's port; router, webhook, sync and the console take the next four"
                    + " (default: ${DEFAULT-VALUE}).")
    int portBase;

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT",
            description = "The local broker's port; its controller takes the next (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--pg-port", defaultValue = "15432", paramLabel = "PORT",
            description = "The local PostgreSQL's port (default: ${DEFAULT-VALUE}).")
    int pgPort;

    @Option(names = "--receiver-port", defaultValue = "8090", paramLabel = "PORT",
            description = "The demo receiver's port (default: ${DEFAULT-VALUE}).")
    int receiverPort;

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE[:TENANT_COLUMN]",
            description = "A table to capture from the start (repeatable); more with ./tributary tables attach.")
    List<String> tables = new ArrayList<>();

    @Option(names = "--service-arg", paramLabel = "SERVICE=ARG",
            description = "One more argument for one service (repeatable), e.g."
                    + " capture-service=--tributary.ingest.rate-limit=0.")
    List<String> serviceArgs = new ArrayList<>();

    @Option(names = "--service-java-opts", paramLabel = "OPTIONS", defaultValue = ServiceProcess.DEFAULT_JAVA_OPTIONS,
            description = "JVM options of each service (default: ${DEFAULT-VALUE}: quick to start, small).")
    String serviceJavaOpts;

    private final PrintStream out = System.out;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final StackSupervisor supervisor = new StackSupervisor(services);
    private LocalPostgres postgres;
    private LocalKafka kafka;
    private DemoReceiver receiver;
    private Path endpointsFile;
    private boolean stopped;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new DevCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            // One line: a tool's whole output (initdb, pg_ctl) stays in its log, and TRIBUTARY_DEBUG shows it.
            commandLine.getErr().println("tributary dev: " + LocalStackErrors.firstLine(message));
            if (System.getenv("TRIBUTARY_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        int status = cli.execute(args);
        if (status != 0 || cli.getParseResult() == null || cli.getParseResult().isUsageHelpRequested()
                || cli.getParseResult().isVersionHelpRequested()) {
            System.exit(status);
        }
    }

    @Override
    public Integer call() throws Exception {
        Path root = Path.of(System.getenv().getOrDefault("TRIBUTARY_HOME", ".")).toAbsolutePath().normalize();
        Path data = (dataDir != null ? dataDir : root.resolve(".tributary").resolve("dev")).toAbsolutePath();
        StackPlan.DataDir files = new StackPlan.DataDir(data);
        StackPlan.Ports ports = new StackPlan.Ports(portBase, kafkaPort, pgPort, receiverPort);
        String externalKafka = blankToNull(System.getenv("TRIBUTARY_KAFKA"));
        String externalPg = blankToNull(System.getenv("TRIBUTARY_PG_URL"));
        checkPorts(ports.used(externalKafka == null, externalPg == null, !noDemo));
        checkMemory();
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        Path pgDir = externalPg != null ? files.postgres()
                : LocalStackErrors.postgresDir(data, asRoot, Path.of(System.getProperty("java.io.tmpdir")));
        if (fresh && Files.exists(pgDir) && !pgDir.startsWith(data)) {
            LocalPostgres.stopStale(pgDir);
            LocalMachine.deleteRecursively(pgDir);
        }
        if (fresh && Files.exists(data)) {
            LocalPostgres.stopStale(files.postgres());
            LocalMachine.deleteRecursively(data);
        }
        Files.createDirectories(files.logs());
        endpointsFile = files.endpoints();
        Files.deleteIfExists(endpointsFile);
        Map<String, String> keys = StackSecrets.keys(files.keys());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "tributary-dev-stop"));

        Database database = externalPg != null ? usePostgres(externalPg) : startPostgres(root, data, pgDir);
        String bootstrap = externalKafka != null ? useKafka(externalKafka) : startKafka(root, files.kafka());
        createTopics(bootstrap);
        migrate(database);

        StackPlan plan = plan(ports, bootstrap, database, data, keys);
        Endpoints endpoints = endpoints(plan, ports, bootstrap, database, keys);
        startServices(root, plan, files.logs());

        PrivateFiles.write(endpointsFile, endpoints.render());
        out.println();
        out.println("Tributary is running. Endpoints (also in " + shown(root, endpointsFile) + "):");
        out.print(endpoints.describe());
        out.println("Logs in " + shown(root, files.logs()) + ". Stop with Ctrl-C.");
        out.println();
        if (!noDemo) {
            receiver = new DemoReceiver(receiverPort, out);
            Demo.run(receiver, database, endpoints, files.demoSecret(), out);
        }
        watch();
        return 0;
    }

    /** The stack this command runs, from its options: the services' ports, arguments and secrets. */
    StackPlan plan(StackPlan.Ports ports, String bootstrap, Database database, Path data, Map<String, String> keys) {
        return StackPlan.local(ports, bootstrap, database, data).adminKey(keys.get("TRIBUTARY_ADMIN_KEY"))
                .ingestKey(keys.get("TRIBUTARY_INGEST_KEY"), "demo").tables(tables).serviceArgs(serviceArgs).build();
    }

    /** What endpoints.env holds and the command prints. */
    Endpoints endpoints(StackPlan plan, StackPlan.Ports ports, String bootstrap, Database db,
            Map<String, String> keys) {
        return new Endpoints(bootstrap, db.host(), db.port(), db.name(), db.user(), db.password(),
                plan.service("capture-service").url(), plan.service("router-service").url(),
                keys.get("TRIBUTARY_ADMIN_KEY"), keys.get("TRIBUTARY_INGEST_KEY"),
                noDemo ? null : "http://127.0.0.1:" + ports.receiver(), plan.service("console").url() + "/console");
    }

    private Database usePostgres(String jdbcUrl) {
        Database database = Database.fromJdbcUrl(jdbcUrl);
        out.println("PostgreSQL: using " + database.host() + ":" + database.port() + "/" + database.name());
        return database;
    }

    private Database startPostgres(Path root, Path data, Path pgDir) {
        boolean moved = !pgDir.equals(data.resolve("postgres"));
        if (moved && !LocalStackErrors.reachableByPostgres(pgDir.getParent())) {
            throw new IllegalStateException(LocalStackErrors.unreachableDirectory(data, pgDir.getParent()));
        }
        out.println("PostgreSQL: starting on 127.0.0.1:" + pgPort + " (data in " + shown(root, pgDir) + (moved
                ? ", since the postgres user, which runs it, cannot reach " + data : "") + ")");
        try {
            LocalPostgres.stopStale(pgDir);
            postgres = new LocalPostgres(pgDir, pgPort).start();
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("no PostgreSQL server binaries")) {
                throw new IllegalStateException(LocalStackErrors.noPostgresBinaries(), e);
            }
            throw new IllegalStateException(LocalStackErrors.postgresDidNotStart(e.getMessage(),
                    pgDir.resolve("postgres.log")), e);
        }
        return new Database("127.0.0.1", pgPort, LocalPostgres.DATABASE, LocalPostgres.USER, LocalPostgres.PASSWORD);
    }

    private String useKafka(String bootstrap) {
        out.println("Kafka: using " + bootstrap);
        return bootstrap;
    }

    private String startKafka(Path root, Path kafkaDir) {
        out.println("Kafka: starting on 127.0.0.1:" + kafkaPort + " (data in " + shown(root, kafkaDir) + ")");
        try {
            kafka = new LocalKafka(kafkaDir, kafkaPort, kafkaPort + 1).start();
        } catch (RuntimeException e) {
            throw new IllegalStateException(LocalStackErrors.brokerDidNotStart("127.0.0.1:" + kafkaPort,
                    LocalStackErrors.firstLine(e.getMessage()) + "; its data is in " + kafkaDir), e);
        }
        return kafka.bootstrapServers();
    }

    /** A path as printed: relative to the Tributary directory when it is inside it, as the README shows it. */
    static Path shown(Path root, Path path) {
        return path.startsWith(root) ? root.relativize(path) : path;
    }

    private static void checkPorts(Map<Integer, String> ports) {
        ports.forEach((port, what) -> {
            if (!isFree(port)) {
                throw new IllegalStateException(LocalStackErrors.portInUse(port, what));
            }
        });
    }

    /** Stops before anything starts when the machine has too little memory for the four services. */
    private void checkMemory() {
        long available = LocalStackErrors.availableMib(Path.of("/proc/meminfo"));
        long needed = LocalStackErrors.neededMib(serviceJavaOpts, StackPlan.SERVICES.size());
        if (available >= 0 && available < needed) {
            throw new IllegalStateException(LocalStackErrors.tooLittleMemory(available, needed));
        }
    }

    /** Whether nothing listens on the loopback port (the README's test picks its ports with it). */
    static boolean isFree(int port) {
        return LocalMachine.isFree(port);
    }

    private void createTopics(String bootstrap) {
        try {
            StackTopics.create(bootstrap, Duration.ofSeconds(60));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof java.util.concurrent.TimeoutException) {
                throw new IllegalStateException(LocalStackErrors.brokerDidNotStart(bootstrap,
                        "it did not answer within 60 s"), e);
            }
            throw e;
        }
    }

    private static void migrate(Database database) throws SQLException {
        try (Connection connection = database.connect()) {
            Migrations.apply(connection);
        }
    }

    private void startServices(Path root, StackPlan plan, Path logs) throws IOException, InterruptedException {
        List<String> javaOpts = List.of(serviceJavaOpts.trim().split("\\s+"));
        for (StackPlan.Service service : plan.services()) {
            ServiceProcess process = new ServiceProcess(service.name(), ServiceProcess.jarOf(root, service.name()),
                    service.port(), service.arguments(), plan.environment(), logs);
            process.javaOptions(javaOpts);
            services.add(process);
        }
        for (ServiceProcess service : services) {
            service.start();
        }
        out.print("Services: starting");
        for (ServiceProcess service : services) {
            service.awaitReady(Duration.ofMinutes(3));
            out.print(" " + service.name() + " (:" + service.port() + ") ready;");
            out.flush();
        }
        out.println();
    }

    /**
     * Runs until a signal stops the JVM (the shutdown hook stops everything); fails when a service dies, and prints
     * one line when the capture stops (what and why) and one when it captures again.
     */
    private void watch() throws InterruptedException {
        CaptureWatch capture = services.stream().filter(s -> s.name().equals("capture-service")).findFirst()
                .map(s -> new CaptureWatch(s.port(), out)).orElse(null);
        while (!supervisor.stopping()) {
            if (capture != null) {
                capture.check();
            }
            var died = supervisor.unexpectedlyStopped();
            if (died.isPresent()) {
                ServiceProcess service = died.get();
                throw new IllegalStateException(service.name() + " stopped unexpectedly; the end of "
                        + service.log() + ":\n" + service.tail(20));
            }
            Thread.sleep(1000);
        }
        // The shutdown hook stops the stack; the JVM ends when it is done.
        Thread.currentThread().join();
    }

    private synchronized void stopAll() {
        if (stopped) {
            return;
        }
        stopped = true;
        supervisor.markStopping();
        out.println();
        out.println("Stopping...");
        try {
            if (endpointsFile != null) {
                Files.deleteIfExists(endpointsFile);
            }
        } catch (IOException e) {
            // best effort
        }
        if (receiver != null) {
            receiver.close();
        }
        supervisor.stopAll(Duration.ofSeconds(20));
        if (kafka != null) {
            try {
                kafka.stop();
            } catch (RuntimeException e) {
                System.err.println("tributary dev: Kafka did not stop cleanly: " + e.getMessage());
            }
        }
        if (postgres != null) {
            postgres.stop();
        }
        out.println("Stopped.");
        out.flush();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
