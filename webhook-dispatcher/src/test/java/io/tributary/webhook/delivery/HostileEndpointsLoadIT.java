package io.tributary.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tributary.handler.RetrySchedule;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import io.tributary.webhook.body.WebhookBodies;
import io.tributary.webhook.http.SsrfGuard;
import io.tributary.webhook.http.WebhookClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A healthy endpoint's deliveries alone, then beside seven hostile endpoints (slow headers, a trickled body, a 4 GB
 * body, an endless chunked stream, a redirect loop, a TLS stall, an endless header line) kept busy with deliveries
 * of their own: prints the healthy endpoint's rate and latency in each phase, the heap after it, the CPU the
 * dispatcher's JVM and the hostile servers spent, and the machine's load average. To tell what the dispatcher does
 * from what the hostile servers cost, they run three ways: in a process of their own
 * ({@link HostileEndpointsServer}), the same at the lowest scheduling priority ({@code nice 19}, so they only get
 * the CPU the dispatcher leaves idle), and in the dispatcher's JVM. Real deliverer, client, guards and attempt log
 * on a real broker, on loopback. Asserts only that every healthy delivery arrived, once.
 */
@ExtendWith(KafkaExtension.class)
class HostileEndpointsLoadIT {

    static final Duration WARM_UP = Duration.ofSeconds(2);
    static final Duration PHASE = Duration.ofSeconds(8);
    /** Deliveries in flight to the healthy endpoint: its connections, so none waits for one. */
    static final int HEALTHY_IN_FLIGHT = 8;
    /** Deliveries in flight to each hostile endpoint, each starting at most every 200 ms. */
    static final int HOSTILE_IN_FLIGHT = 8;
    static final Duration HOSTILE_PACE = Duration.ofMillis(200);

    final Set<String> received = ConcurrentHashMap.newKeySet();
    final Set<String> delivered = ConcurrentHashMap.newKeySet();
    final Map<String, Throwable> failed = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> hostileOutcomes = new ConcurrentHashMap<>();
    final AtomicLong sequence = new AtomicLong();
    final ExecutorService completion = Executors.newFixedThreadPool(4);
    final ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();

    /** What one phase measured at the healthy endpoint. */
    record Phase(String name, int deliveries, Duration length, List<Long> latenciesNanos, long heapAfterGc,
            Duration dispatcherCpu, Duration hostileCpu, double loadAverage) {
        double rate() {
            return deliveries / (length.toNanos() / 1e9);
        }

        double percentileMillis(double p) {
            List<Long> sorted = new ArrayList<>(latenciesNanos);
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1e6;
        }

        String describe() {
            return String.format("%-52s %6d deliveries in %.1f s = %7.1f/s, p50 %6.2f ms, p99 %6.2f ms, heap after GC"
                    + " %4d MiB, CPU: dispatcher JVM %5.2f cores, hostile process %s, load average %.1f", name,
                    deliveries, length.toNanos() / 1e9, rate(), percentileMillis(0.50), percentileMillis(0.99),
                    heapAfterGc / (1024 * 1024), cores(dispatcherCpu),
                    hostileCpu == null ? "  -  " : String.format("%5.2f cores", cores(hostileCpu)), loadAverage);
        }

        private double cores(Duration cpu) {
            return cpu.toNanos() / (double) length.toNanos();
        }
    }

    @Test
    void shouldKeepDeliveringToAHealthyEndpointBesideHostileOnes(KafkaCluster kafka) throws Exception {
        kafka.createTopics(1, "ld.deliveries");
        HttpServer healthy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        healthy.createContext("/ok", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        healthy.setExecutor(Executors.newFixedThreadPool(HEALTHY_IN_FLIGHT));
        healthy.start();
        String healthyUrl = "http://127.0.0.1:" + healthy.getAddress().getPort() + "/ok";
        long started = System.nanoTime();
        try (WebhookClient client = new WebhookClient(new SsrfGuard(List.of("127.0.0.0/8")), 8, Duration.ofSeconds(5));
                AttemptLog log = new AttemptLog(kafka.bootstrapServers(), "ld.deliveries")) {
            // Circuits do not open within a run (a window of 5,000 attempts), so hostile endpoints are called all along.
            EndpointGuards guards = new EndpointGuards(8 + 2000, 50, 5000, 5000, Duration.ofSeconds(30));
            WebhookDeliverer deliverer = new WebhookDeliverer(client, new WebhookBodies(), log, Duration.ofSeconds(10),
                    Clock.systemUTC(), null, guards, RetrySchedule.DEFAULT);

            run(deliverer, "warm-up", WARM_UP, healthyUrl, List.of(), null);
            Phase alone = run(deliverer, "healthy endpoint alone", PHASE, healthyUrl, List.of(), null);
            Phase apart;
            try (HostileProcess process = HostileProcess.start(false)) {
                apart = run(deliverer, "beside 7 hostile endpoints (own process)", PHASE, healthyUrl,
                        process.targets, process.process.toHandle());
            }
            Phase niced;
            try (HostileProcess process = HostileProcess.start(true)) {
                niced = run(deliverer, "beside 7 hostile endpoints (own process, nice 19)", PHASE, healthyUrl,
                        process.targets, process.process.toHandle());
            }
            Phase alongside;
            String connectionLifetimes;
            List<HostileEndpoint> inJvm = new ArrayList<>();
            try {
                for (Map.Entry<String, HostileEndpoint.Behaviour> entry
                        : HostileEndpointsServer.BEHAVIOURS.entrySet()) {
                    inJvm.add(new HostileEndpoint(entry.getKey(), entry.getValue()));
                }
                alongside = run(deliverer, "beside 7 hostile endpoints (dispatcher's JVM)", PHASE, healthyUrl,
                        inJvm.stream().map(e -> new Target(e.name, e.port())).toList(), null);
                connectionLifetimes = lifetimes(inJvm);
            } finally {
                for (HostileEndpoint endpoint : inJvm) {
                    endpoint.close();
                }
            }

            System.out.println("Hostile endpoints load run (" + HEALTHY_IN_FLIGHT + " deliveries in flight to the"
                    + " healthy endpoint; " + HOSTILE_IN_FLIGHT + " to each hostile one, timeout 2 s, one start per "
                    + HOSTILE_PACE.toMillis() + " ms each; " + Runtime.getRuntime().availableProcessors()
                    + " cores):");
            System.out.println("  " + alone.describe());
            System.out.println("  " + apart.describe());
            System.out.println("  " + niced.describe());
            System.out.println("  " + alongside.describe());
            System.out.println("  hostile connections in the dispatcher's JVM, how long each stayed open (p50/p99/max"
                    + " ms, count): " + connectionLifetimes);
            System.out.println("  hostile attempts by endpoint and outcome: " + new java.util.TreeMap<>(hostileOutcomes));
            System.out.printf("  whole run %.1f s%n", (System.nanoTime() - started) / 1e9);

            assertThat(failed).as("healthy deliveries that failed").isEmpty();
            assertThat(received).as("every healthy delivery arrived, once each").isEqualTo(delivered);
            assertThat(delivered).hasSize((int) sequence.get());
            assertThat(hostileOutcomes).isNotEmpty();
        } finally {
            healthy.stop(0);
            completion.shutdownNow();
            pace.shutdownNow();
        }
    }

    /** Keeps the healthy endpoint (and the hostile ones, if any) busy for a while; the healthy one's figures. */
    private Phase run(WebhookDeliverer deliverer, String name, Duration length, String healthyUrl,
            List<Target> hostile, ProcessHandle hostileProcess) throws InterruptedException {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        Duration hostileBefore = hostileCpu(hostileProcess);
        long end = System.nanoTime() + length.toNanos();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch slots = new CountDownLatch(HEALTHY_IN_FLIGHT + hostile.size() * HOSTILE_IN_FLIGHT);
        long before = sequence.get();
        for (int i = 0; i < HEALTHY_IN_FLIGHT; i++) {
            healthyLoop(deliverer, healthyUrl, end, latencies, slots);
        }
        for (Target endpoint : hostile) {
            for (int i = 0; i < HOSTILE_IN_FLIGHT; i++) {
                hostileLoop(deliverer, endpoint, end, slots);
            }
        }
        // The CPU of the phase itself, up to its end (the last hostile attempts may run on to their timeout).
        Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
        Duration dispatcherCpu = Duration.ofNanos(os.getProcessCpuTime() - cpuBefore);
        Duration hostileCpu = hostileProcess == null ? null : hostileCpu(hostileProcess).minus(hostileBefore);
        double load = os.getSystemLoadAverage();
        assertThat(slots.await(60, TimeUnit.SECONDS)).as("every attempt of the phase ended").isTrue();
        System.gc();
        return new Phase(name, (int) (sequence.get() - before), length, latencies,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), dispatcherCpu, hostileCpu, load);
    }

    /** Per endpoint, how long its closed connections stayed open: p50, p99 and max in ms, and how many. */
    private static String lifetimes(List<HostileEndpoint> endpoints) {
        StringBuilder text = new StringBuilder();
        for (HostileEndpoint endpoint : endpoints) {
            List<Long> millis = new ArrayList<>();
            for (HostileEndpoint.Connection connection : endpoint.connections) {
                if (connection.closed != 0) {
                    millis.add((connection.closed - connection.opened) / 1_000_000);
                }
            }
            Collections.sort(millis);
            if (!millis.isEmpty()) {
                text.append(String.format("%s %d/%d/%d (%d) ", endpoint.name, millis.get(millis.size() / 2),
                        millis.get((int) Math.ceil(0.99 * millis.size()) - 1), millis.get(millis.size() - 1),
                        millis.size()));
            }
        }
        return text.toString().trim();
    }

    private static Duration hostileCpu(ProcessHandle process) {
        return process == null ? Duration.ZERO : process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** A hostile endpoint by name and port, in this JVM or in the {@link HostileProcess}. */
    record Target(String name, int port) {
        String url(String scheme) {
            return scheme + "://127.0.0.1:" + port + "/" + name;
        }
    }

    /** {@link HostileEndpointsServer} in a JVM of its own, on the test class path; ends when closed. */
    static final class HostileProcess implements AutoCloseable {
        final Process process;
        final List<Target> targets = new ArrayList<>();

        private HostileProcess(Process process) {
            this.process = process;
        }

        /** @param niced at the lowest scheduling priority: the hostile servers get what the dispatcher leaves idle */
        static HostileProcess start(boolean niced) throws Exception {
            List<String> command = new ArrayList<>();
            if (niced) {
                assertThat(Path.of("/usr/bin/nice")).isExecutable();
                command.addAll(List.of("/usr/bin/nice", "-n", "19"));
            }
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:+UseSerialGC", "-cp", Path.of(HostileEndpointsServer.class.getProtectionDomain()
                            .getCodeSource().getLocation().toURI()).toString(),
                    HostileEndpointsServer.class.getName()));
            HostileProcess hostile = new HostileProcess(new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
            BufferedReader out = new BufferedReader(new InputStreamReader(
                    hostile.process.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); !"ready".equals(line); line = out.readLine()) {
                if (line == null) {
                    hostile.close();
                    throw new IllegalStateException("the hostile endpoints' process ended before it was ready");
                }
                String[] parts = line.split(" ");
                hostile.targets.add(new Target(parts[0], Integer.parseInt(parts[1])));
            }
            assertThat(hostile.targets).extracting(Target::name)
                    .containsExactlyElementsOf(HostileEndpointsServer.BEHAVIOURS.keySet());
            return hostile;
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private void healthyLoop(WebhookDeliverer deliverer, String url, long end, List<Long> latencies,
            CountDownLatch slots) {
        if (System.nanoTime() >= end) {
            slots.countDown();
            return;
        }
        String id = "ld-" + sequence.incrementAndGet();
        Delivery delivery = delivery(id, url, "PT10S");
        long start = System.nanoTime();
        deliverer.deliverAsync(delivery, 1, completion).whenComplete((done, error) -> {
            latencies.add(System.nanoTime() - start);
            if (error == null) {
                delivered.add(delivery.deliveryId());
            } else {
                failed.put(delivery.deliveryId(), error);
            }
            healthyLoop(deliverer, url, end, latencies, slots);
        });
    }

    private void hostileLoop(WebhookDeliverer deliverer, Target endpoint, long end, CountDownLatch slots) {
        if (System.nanoTime() >= end) {
            slots.countDown();
            return;
        }
        long start = System.nanoTime();
        Delivery delivery = delivery("hostile-" + endpoint.name() + "-" + start, endpoint.url(
                endpoint.name().equals("tls") ? "https" : "http"), "PT2S");
        deliverer.deliverAsync(delivery, 1, completion).whenComplete((done, error) -> {
            String outcome = error == null ? "delivered" : error.getClass().getSimpleName();
            hostileOutcomes.computeIfAbsent(endpoint.name() + " " + outcome, k -> new AtomicLong()).incrementAndGet();
            long wait = Math.max(0, HOSTILE_PACE.toNanos() - (System.nanoTime() - start));
            pace.schedule(() -> hostileLoop(deliverer, endpoint, end, slots), wait, TimeUnit.NANOSECONDS);
        });
    }

    static Delivery delivery(String id, String url, String timeout) {
        EventEnvelope event = EventEnvelope.fromJson(Json.parse("{\"specversion\":\"1.0\",\"id\":\"" + id + "\","
                + "\"source\":\"/services/shop\",\"type\":\"order.confirmed\",\"data\":{\"order\":\"" + id + "\"}}"));
        return Delivery.of(event, Subscription.fromJson(Json.parse("{\"id\":\"sub_ld\",\"name\":\"ld\","
                + "\"eventType\":\"order.*\",\"type\":\"WEBHOOK\",\"config\":{\"url\":\"" + url + "\","
                + "\"timeout\":\"" + timeout + "\"}}")));
    }
}
