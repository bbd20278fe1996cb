package io.tributary.bench.load;

import io.tributary.client.EndpointsFile;
import io.tributary.dev.StackPlan;
import io.tributary.localinfra.LocalMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The stack under load: {@code ./tributary dev --no-demo --fresh} started as a child process in a data directory
 * of its own, on free ports, until {@link #close} sends it SIGTERM (it stops its services, broker and PostgreSQL);
 * or a stack already running, known by its {@code endpoints.env}, which is left running. Not thread-safe.
 */
final class DevStack implements AutoCloseable {

    private final Map<String, String> endpoints;
    private final Process process;
    private final Path console;

    private DevStack(Map<String, String> endpoints, Process process, Path console) {
        this.endpoints = endpoints;
        this.process = process;
        this.console = console;
    }

    /** A stack somebody else runs. */
    static DevStack running(Path endpointsFile) throws IOException {
        Map<String, String> values = EndpointsFile.read(endpointsFile);
        if (values.isEmpty()) {
            throw new IllegalStateException("no endpoints in " + endpointsFile + ": is the stack running?");
        }
        return new DevStack(values, null, null);
    }

    /**
     * Starts {@code <root>/tributary dev} with the given extra arguments and waits (up to ten minutes) for its
     * endpoints.env. The services are used as built: build them first.
     */
    static DevStack start(Path root, Path dataDir, List<String> extraArguments, PrintStream out)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("tributary").toString(), "dev", "--no-demo",
                "--fresh", "--data-dir", dataDir.toString()));
        command.addAll(StackPlan.Ports.packed(freeBase()).devOptions());
        command.addAll(extraArguments);
        Files.createDirectories(dataDir.getParent());
        Path console = dataDir.resolveSibling(dataDir.getFileName() + "-console.log");
        out.println("stack: " + String.join(" ", command));
        out.println("stack: console in " + console);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(console.toFile());
        builder.environment().put("TRIBUTARY_HOME", root.toString());
        builder.environment().put("TRIBUTARY_NO_BUILD", "1");
        builder.environment().remove("TRIBUTARY_KAFKA");
        builder.environment().remove("TRIBUTARY_PG_URL");
        Process process = builder.start();
        Path endpointsFile = dataDir.resolve("endpoints.env");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!Files.exists(endpointsFile)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroy();
                throw new IllegalStateException("the stack did not start; the end of " + console + ":\n"
                        + tail(console, 30));
            }
            Thread.sleep(500);
        }
        Thread.sleep(200);
        return new DevStack(EndpointsFile.read(endpointsFile), process, console);
    }

    String get(String name) {
        String value = endpoints.get(name);
        if (value == null) {
            throw new IllegalStateException("endpoints.env has no " + name);
        }
        return value;
    }

    /** The child's process, or null for a stack somebody else runs. */
    Process process() {
        return process;
    }

    /** SIGTERM to the stack this started, and waits for it (two minutes, then SIGKILL to it and its children). */
    @Override
    public void close() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the stack did not stop within two minutes on SIGTERM; killed it. See "
                    + console);
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no console: " + e.getMessage() + ")";
        }
    }

    /** A base port with the ports of a packed local stack ({@link StackPlan.Ports#packed}) free from it on. */
    private static int freeBase() {
        Random random = new Random();
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20000 + random.nextInt(20000);
            boolean free = true;
            for (int port = base; port < base + StackPlan.Ports.PACKED_COUNT && free; port++) {
                free = LocalMachine.isFree(port);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no " + StackPlan.Ports.PACKED_COUNT + " free ports in a row");
    }
}
