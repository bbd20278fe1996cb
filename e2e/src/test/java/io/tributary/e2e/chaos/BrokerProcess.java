package io.tributary.e2e.chaos;

import io.tributary.localinfra.LocalKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Kafka broker of the chaos run as a process of its own ({@link LocalKafka#main} in a child JVM with this test's
 * class path), so that it can be killed with SIGKILL and started again on the same log directory and ports. Its
 * output is appended to one log across restarts. Not thread-safe.
 */
final class BrokerProcess {

    private static final String READY = "Kafka ready on ";

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final Path log;
    private Process process;

    BrokerProcess(Path logDir, int port, int controllerPort, Path log) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.log = log;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Starts the broker and waits until it serves. */
    void start(Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        long readyBefore = readyLines();
        // Failsafe may run the tests from a manifest-only jar; surefire.test.class.path is then the real class path.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+UseSerialGC", "-cp", classPath, LocalKafka.class.getName(), logDir.toString(),
                Integer.toString(port), Integer.toString(controllerPort)))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (readyLines() == readyBefore) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited with status " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka was not ready within " + timeout.toSeconds() + " s; see " + log);
            }
            Thread.sleep(100);
        }
    }

    /** SIGKILL, as a crash would, and waits until it is gone. */
    void kill() throws InterruptedException {
        if (isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    private long readyLines() throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.startsWith(READY)).count();
        }
    }
}
