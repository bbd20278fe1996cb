package io.tributary.bench.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.client.SubscriptionsClient;
import io.tributary.client.TablesClient;
import io.tributary.model.Json;
import io.tributary.model.Topics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end load run through the whole local stack: row changes committed into PostgreSQL at stepped rates,
 * captured, routed and delivered as signed webhooks to a receiver in this process that checks every signature;
 * per step the sustained throughput, the commit-to-receipt latency and the latency of each hop; the raw Kafka
 * ceiling on the same broker; then the capture's throughput on a bulk insert and the ingestion API's throughput.
 * Writes {@code results.json} and {@code chart.png} to the output directory.
 */
@Command(name = "EndToEndLoad", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Load the whole Tributary stack end to end and measure throughput and latency.")
public final class EndToEndLoad implements Callable<Integer> {

    static final String LOAD_TABLE = "bench_e2e";
    static final String BULK_TABLE = "bench_bulk";

    @Option(names = "--steps", split = ",", defaultValue = "500,1000,2000,5000,10000", paramLabel = "RATE,...",
            description = "Offered row changes per second, one step each (default: ${DEFAULT-VALUE}).")
    List<Integer> steps;

    @Option(names = "--step-seconds", defaultValue = "30", description = "How long each rate is held (default: ${DEFAULT-VALUE}).")
    double stepSeconds;

    @Option(names = "--warmup-seconds", defaultValue = "20",
            description = "A warm-up at the first step's rate before anything is measured (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--drain-seconds", defaultValue = "120",
            description = "The longest wait after a step for its rows to arrive (default: ${DEFAULT-VALUE}).")
    double drainSeconds;

    @Option(names = "--stall-seconds", defaultValue = "30",
            description = "A drain ends early when nothing arrived for this long (default: ${DEFAULT-VALUE}).")
    double stallSeconds;

    @Option(names = "--writers", defaultValue = "4", description = "JDBC connections inserting (default: ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--batch-interval-ms", defaultValue = "20",
            description = "Each writer commits one batch per interval (default: ${DEFAULT-VALUE}).")
    long batchIntervalMillis;

    @Option(names = "--receiver-threads", defaultValue = "16", description = "The receiver's threads (default: ${DEFAULT-VALUE}).")
    int receiverThreads;

    @Option(names = "--ceiling-seconds", defaultValue = "10",
            description = "How long the raw Kafka producer runs; 0 skips the ceiling (default: ${DEFAULT-VALUE}).")
    double ceilingSeconds;

    @Option(names = "--bulk-rows", defaultValue = "100000",
            description = "Rows of the bulk insert; 0 skips it (default: ${DEFAULT-VALUE}).")
    int bulkRows;

    @Option(names = "--ingest-seconds", defaultValue = "20",
            description = "How long the ingestion API is loaded; 0 skips it (default: ${DEFAULT-VALUE}).")
    double ingestSeconds;

    @Option(names = "--ingest-threads", defaultValue = "4", description = "Ingestion clients (default: ${DEFAULT-VALUE}).")
    int ingestThreads;

    @Option(names = "--ingest-batch", defaultValue = "100", description = "Events per request (default: ${DEFAULT-VALUE}).")
    int ingestBatch;

    @Option(names = "--out", defaultValue = "bench/results", description = "Where results.json and chart.png go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--label", defaultValue = "", description = "A name for this run, in the JSON and the chart.")
    String label;

    @Option(names = "--endpoints", paramLabel = "FILE",
            description = "Use the stack that wrote this endpoints.env instead of starting one.")
    Path endpointsFile;

    @Option(names = "--root", defaultValue = ".", description = "The Tributary checkout, built (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--data-dir", description = "The started stack's data directory (default: a new temporary one).")
    Path dataDir;

    @Option(names = "--service-java-opts", defaultValue = "-Xmx512m -XX:+UseSerialGC",
            description = "The services' JVM options in the started stack (default: ${DEFAULT-VALUE}).")
    String serviceJavaOpts;

    @Option(names = "--dev-arg", paramLabel = "ARG",
            description = "One more argument for ./tributary dev (repeatable), e.g."
                    + " --dev-arg=--service-arg=webhook-dispatcher=--tributary.webhook.max-connections-per-endpoint=16.")
    List<String> devArgs = new ArrayList<>();

    private final PrintStream console = System.out;
    private String[] arguments = new String[0];

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // the Kafka clients log every configuration at INFO: only warnings here, the numbers stay readable
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        EndToEndLoad load = new EndToEndLoad();
        load.arguments = args;
        System.exit(new CommandLine(load).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        ObjectNode results = JsonNodeFactory.instance.objectNode();
        results.put("label", label);
        results.put("startedAt", Instant.now().toString());
        results.put("arguments", String.join(" ", arguments));
        results.set("machine", Machine.describe());
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, 10_000 + (long) (1.05 * (warmupSeconds * steps.get(0)
                + stepSeconds * steps.stream().mapToLong(Integer::longValue).sum())));
        RowTimes times = new RowTimes(capacity);
        try (DevStack stack = startStack()) {
            String bootstrap = stack.get("TRIBUTARY_KAFKA");
            String adminKey = stack.get("TRIBUTARY_ADMIN_KEY");
            String secret = newSecret();
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                connections.add(connect(stack.get("TRIBUTARY_PG_URL")));
            }
            createTables(connections.get(0), stack.get("TRIBUTARY_CAPTURE_URL"), adminKey);
            Topics topics = Topics.DEFAULT;
            try (SigningReceiver receiver = new SigningReceiver(secret, times, receiverThreads);
                    TopicObserver observer = new TopicObserver(bootstrap, topics, times, LOAD_TABLE, BULK_TABLE,
                            IngestLoad.SOURCE);
                    RowWriter writer = new RowWriter(connections, "public." + LOAD_TABLE, times, batchIntervalMillis)) {
                SubscriptionsClient subscriptions = new SubscriptionsClient(stack.get("TRIBUTARY_ADMIN_URL"), adminKey);
                String subscriptionId = subscribe(subscriptions, receiver.url("hooks/load"), secret);
                awaitFirstDelivery(writer, times, observer);
                LoadStep step = new LoadStep(writer, times, observer, console);
                if (warmupSeconds > 0) {
                    console.printf("warm-up: %,d rows/s for %.0f s (not reported as a step)%n", steps.get(0),
                            warmupSeconds);
                    results.set("warmup", step.run(steps.get(0), warmupSeconds, drainSeconds, stallSeconds));
                }
                ArrayNode stepResults = results.putArray("steps");
                for (int rate : steps) {
                    stepResults.add(step.run(rate, stepSeconds, drainSeconds, stallSeconds));
                    results.put("loadAverageAfterSteps", Machine.loadAverage());
                    write(results);
                }
                ObjectNode checks = results.putObject("receiver");
                checks.put("requests", receiver.requests());
                checks.put("badSignatures", receiver.badSignatures());
                checks.put("duplicateDeliveries", receiver.duplicates());
                checks.put("unknownRows", receiver.unknownRows());
                checks.put("duplicateEventsOnTopic", observer.duplicateEvents());
                checks.put("attemptsAnswered204", observer.attemptsAnswered204());
                checks.set("otherAttempts", Json.mapper().valueToTree(observer.otherAttempts()));
                console.printf("receiver: %,d requests, %,d bad signatures, %,d duplicates, %,d unknown rows;"
                        + " dispatcher attempts answered 204: %,d, others: %s%n", receiver.requests(),
                        receiver.badSignatures(), receiver.duplicates(), receiver.unknownRows(),
                        observer.attemptsAnswered204(), observer.otherAttempts());
                // after the steps: its burst would disturb them
                if (ceilingSeconds > 0) {
                    List<byte[]> samples = observer.samples();
                    results.set("kafkaCeiling", new KafkaCeiling(bootstrap).measure(
                            samples.isEmpty() ? List.of(KafkaCeiling.fallbackValue()) : samples, ceilingSeconds));
                    write(results);
                    console.println("kafka ceiling: " + results.get("kafkaCeiling"));
                }
                if (bulkRows > 0) {
                    results.set("captureBulk", new CaptureBulk(connections.get(0), "public." + BULK_TABLE, observer,
                            console).measure(bulkRows, stallSeconds));
                    write(results);
                }
                if (ingestSeconds > 0) {
                    results.set("ingest", new IngestLoad(stack.get("TRIBUTARY_INGEST_URL"),
                            stack.get("TRIBUTARY_INGEST_KEY"), observer, console)
                            .measure(ingestThreads, ingestBatch, ingestSeconds));
                }
                if (stack.process() == null) {
                    subscriptions.delete(subscriptionId);
                }
            }
            results.put("finishedAt", Instant.now().toString());
            write(results);
        }
        console.println("results: " + out.resolve("results.json") + ", chart: " + out.resolve("chart.png"));
        return 0;
    }

    private DevStack startStack() throws Exception {
        if (endpointsFile != null) {
            return DevStack.running(endpointsFile);
        }
        // PostgreSQL runs as the postgres user, who must be able to reach its data directory
        Path data = dataDir != null ? dataDir : Files.createTempDirectory("tributary-load-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"))).resolve("dev");
        List<String> extra = new ArrayList<>(List.of("--service-java-opts=" + serviceJavaOpts,
                "--service-arg=capture-service=--tributary.ingest.rate-limit=0"));
        extra.addAll(devArgs);
        return DevStack.start(root.toAbsolutePath().normalize(), data.toAbsolutePath(), extra, console);
    }

    private static Connection connect(String url) throws Exception {
        Connection connection = DriverManager.getConnection(url + (url.contains("?") ? "&" : "?")
                + "reWriteBatchedInserts=true");
        connection.setAutoCommit(false);
        return connection;
    }

    private void createTables(Connection connection, String captureUrl, String adminKey) throws Exception {
        try (Statement statement = connection.createStatement()) {
            for (String table : List.of(LOAD_TABLE, BULK_TABLE)) {
                statement.execute("DROP TABLE IF EXISTS public." + table);
                // created_at is the time of the insert statement; a column cannot hold the commit time, which the
                // writers note when their commit returns
                statement.execute("CREATE TABLE public." + table + " (id bigint PRIMARY KEY, tenant text NOT NULL,"
                        + " status text NOT NULL, customer text NOT NULL, amount numeric(12,2) NOT NULL,"
                        + " created_at timestamptz NOT NULL DEFAULT clock_timestamp())");
            }
        }
        connection.commit();
        TablesClient tables = new TablesClient(captureUrl, adminKey);
        for (String table : List.of(LOAD_TABLE, BULK_TABLE)) {
            tables.attach("public." + table, "tenant", false);
        }
    }

    private String subscribe(SubscriptionsClient subscriptions, String url, String secret) {
        ObjectNode subscription = (ObjectNode) Json.parse("{\"name\": \"bench-load-" + System.currentTimeMillis()
                + "\", \"tenant\": \"bench\", \"table\": \"" + LOAD_TABLE + "\", \"operations\": [\"INSERT\"],"
                + " \"type\": \"WEBHOOK\", \"config\": {}}");
        ((ObjectNode) subscription.get("config")).put("url", url).put("secret", secret);
        return subscriptions.create(subscription).path("id").asText();
    }

    /** Inserts a row every half second until one is delivered: the router has the subscription. */
    private void awaitFirstDelivery(RowWriter writer, RowTimes times, TopicObserver observer) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        long first = writer.nextId();
        while (System.nanoTime() < deadline) {
            writer.run(writers * 2, 0.5);
            observer.check();
            for (long id = first; id < writer.nextId(); id++) {
                if (times.get(RowTimes.Point.RECEIVED, id) != 0) {
                    console.println("stack: the first delivery arrived; loading");
                    Thread.sleep(2000);
                    return;
                }
            }
        }
        throw new IllegalStateException("no delivery arrived within two minutes of the first insert");
    }

    private void write(ObjectNode results) throws Exception {
        Files.writeString(out.resolve("results.json"), Json.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(results));
        if (results.has("steps") && !results.get("steps").isEmpty()) {
            LoadChart.write(results, out.resolve("chart.png"));
        }
    }

    private static String newSecret() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
