package io.tributary.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Tributary service run from its executable jar as a child JVM, its output in {@code logs/<name>.log} (appended
 * to across restarts). Ready when {@code /actuator/health/readiness} answers 200. It may be started again after it
 * stopped or was killed, with the same arguments, port and log. Used by {@code tributary dev} and by the chaos tests.
 * Not thread-safe.
 */
public final class ServiceProcess {

    /** The child JVM's options unless {@link #javaOptions} says otherwise: quick to start and small. */
    static final String DEFAULT_JAVA_OPTIONS = "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    private final String name;
    private final Path jar;
    private final int port;
    private final List<String> arguments;
    private final java.util.Map<String, String> environment;
    private final Path log;
    private Process process;
    private List<String> javaOptions = List.of(DEFAULT_JAVA_OPTIONS.split(" "));

    /** @param environment variables for the child, such as secrets that must not show in its command line */
    public ServiceProcess(String name, Path jar, int port, List<String> arguments,
            java.util.Map<String, String> environment, Path logDir) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.arguments = List.copyOf(arguments);
        this.environment = java.util.Map.copyOf(environment);
        this.log = logDir.resolve(name + ".log");
    }

    /** The executable jar of a module: {@code <root>/<module>/target/*-exec.jar}. */
    public static Path jarOf(Path root, String module) {
        Path target = root.resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no executable jar of " + module + " in " + target
                            + ": build it with mvn -DskipTests package"));
        } catch (IOException e) {
            throw new IllegalStateException("no " + target + ": build " + module + " with mvn -DskipTests package", e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public void start() throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Replaces the child JVM's options from the next {@link #start} on (a benchmark wants the full JIT). */
    void javaOptions(List<String> options) {
        javaOptions = List.copyOf(options);
    }

    /** Waits until the service is ready; fails with the end of its log when it exits or the time runs out. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue() + "; the end of "
                        + log + ":\n" + tail(20));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; the end of " + log
                + ":\n" + tail(20));
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Asks the service to stop (SIGTERM), and kills it if it has not within the grace period. */
    public void stop(Duration grace) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Kills the service at once (SIGKILL), as a crash would, and waits until it is gone. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
