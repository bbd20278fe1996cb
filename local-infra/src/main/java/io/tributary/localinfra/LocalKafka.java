package io.tributary.localinfra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft Kafka (broker and controller in one) inside this JVM, configured so that exactly-once Kafka
 * Streams, transactions and consumer groups work on one broker. Kafka's own {@code KafkaRaftServer}, without a test
 * library. The log directory is formatted on first use and kept: {@code ./tributary dev} resumes with its topics,
 * subscriptions and offsets; {@link #temporary} gives the test kit one in a directory of its own, on free ports,
 * deleted when it stops. {@link #main} runs it as a process of its own (the chaos tests kill it with SIGKILL and start
 * it again on the same directory). Not thread-safe: start once, stop once.
 */
public final class LocalKafka {

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private final boolean deleteOnStop;
    private KafkaRaftServer server;

    /** A broker that keeps its log in {@code logDir}, on {@code port} and its controller on {@code controllerPort}. */
    public LocalKafka(Path logDir, int port, int controllerPort) {
        this(logDir, port, controllerPort, Map.of(), false);
    }

    private LocalKafka(Path logDir, int port, int controllerPort, Map<String, String> overrides,
            boolean deleteOnStop) {
        this.logDir = logDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.overrides = Map.copyOf(overrides);
        this.deleteOnStop = deleteOnStop;
    }

    /**
     * A throw-away broker: a new temporary log directory, deleted by {@link #stop}, free loopback ports, and these
     * broker settings over the defaults of {@link #properties}.
     */
    public static LocalKafka temporary(Map<String, String> overrides) {
        try {
            Path dir = Files.createTempDirectory("tributary-kafka-");
            return new LocalKafka(dir.resolve("log"), LocalMachine.freePort(), LocalMachine.freePort(), overrides,
                    true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory for Kafka: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Formats the log directory unless it holds a cluster, and starts the broker. */
    public LocalKafka start() {
        try {
            Files.createDirectories(logDir);
            Path config = logDir.resolveSibling("kafka.properties");
            Properties properties = properties();
            try (var out = Files.newBufferedWriter(config)) {
                properties.store(out, "tributary local broker");
            }
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                int status = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                        "--config", config.toString(), "--ignore-formatted"},
                        new PrintStream(output, true, StandardCharsets.UTF_8));
                if (status != 0) {
                    throw new IllegalStateException("could not format the Kafka log directory " + logDir + ": "
                            + output.toString(StandardCharsets.UTF_8).strip());
                }
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
            server.startup();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Kafka in " + logDir + ": " + e.getMessage(), e);
        }
    }

    /** Shuts the broker down and waits for it; a temporary one's directory is deleted. */
    public void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        if (deleteOnStop) {
            try {
                LocalMachine.deleteRecursively(logDir.getParent());
            } catch (IOException | UncheckedIOException e) {
                // best effort: a temporary directory
            }
        }
    }

    /**
     * Runs the broker in this JVM until the process is stopped: {@code LocalKafka <log-dir> <port> <controller-port>}.
     * Prints {@code Kafka ready on <bootstrap servers>} once it serves; SIGTERM shuts it down cleanly.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: LocalKafka <log-dir> <port> <controller-port>");
            System.exit(2);
        }
        LocalKafka kafka = new LocalKafka(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]))
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "local-kafka-stop"));
        System.out.println("Kafka ready on " + kafka.bootstrapServers());
        Thread.currentThread().join();
    }

    /** The broker's settings: one node, every internal topic with one replica, then the overrides. */
    Properties properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "3");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.putAll(overrides);
        Properties properties = new Properties();
        properties.putAll(p);
        return properties;
    }
}
