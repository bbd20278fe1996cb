package io.tributary.dev;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft Kafka (broker and controller in one) inside this JVM, keeping its log in a directory that
 * survives restarts, so a second {@code tributary dev} resumes with its topics, subscriptions and offsets. The
 * directory is formatted on first use. {@link #main} runs it as a process of its own (the chaos tests kill it with
 * SIGKILL and start it again on the same directory). Not thread-safe: start once, stop once.
 */
public final class DevKafka {

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    public DevKafka(Path logDir, int port, int controllerPort) {
        this.logDir = logDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public DevKafka start() {
        try {
            Files.createDirectories(logDir);
            Path config = logDir.resolveSibling("kafka.properties");
            Properties properties = properties();
            try (var out = Files.newBufferedWriter(config)) {
                properties.store(out, "tributary dev broker");
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

    public void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /**
     * Runs the broker in this JVM until the process is stopped: {@code DevKafka <log-dir> <port> <controller-port>}.
     * Prints {@code Kafka ready on <bootstrap servers>} once it serves; SIGTERM shuts it down cleanly.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: DevKafka <log-dir> <port> <controller-port>");
            System.exit(2);
        }
        DevKafka kafka = new DevKafka(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2])).start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "dev-kafka-stop"));
        System.out.println("Kafka ready on " + kafka.bootstrapServers());
        Thread.currentThread().join();
    }

    private Properties properties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", "3");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "5");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        return p;
    }
}
