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
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * of their own: prints the healthy endpoint's rate and latency in both phases and the heap after each. Real
 * deliverer, client, guards and attempt log on a real broker; all endpoints on loopback on the same two cores, so
 * the hostile servers' own work is in the figures too. Asserts only that every healthy delivery arrived, once.
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
    record Phase(String name, int deliveries, Duration length, List<Long> latenciesNanos, long heapAfterGc) {
        double rate() {
            return deliveries / (length.toNanos() / 1e9);
        }

        double percentileMillis(double p) {
            List<Long> sorted = new ArrayList<>(latenciesNanos);
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1e6;
        }

        String describe() {
            return String.format("%-34s %6d deliveries in %.1f s = %7.1f/s, p50 %6.2f ms, p99 %6.2f ms, heap after GC %4d MiB",
                    name, deliveries, length.toNanos() / 1e9, rate(), percentileMillis(0.50), percentileMillis(0.99),
                    heapAfterGc / (1024 * 1024));
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
        List<HostileEndpoint> hostile = List.of(
                new HostileEndpoint("slow-headers", HostileEndpoint.SLOW_HEADERS),
                new HostileEndpoint("trickle", HostileEndpoint.TRICKLE),
                new HostileEndpoint("huge", HostileEndpoint.HUGE_BODY),
                new HostileEndpoint("endless", HostileEndpoint.ENDLESS_CHUNKS),
                new HostileEndpoint("loop", HostileEndpoint.REDIRECT_LOOP),
                new HostileEndpoint("tls", HostileEndpoint.TLS_STALL),
                new HostileEndpoint("header", HostileEndpoint.ENDLESS_HEADER));
        String healthyUrl = "http://127.0.0.1:" + healthy.getAddress().getPort() + "/ok";
        long started = System.nanoTime();
        try (WebhookClient client = new WebhookClient(new SsrfGuard(List.of("127.0.0.0/8")), 8, Duration.ofSeconds(5));
                AttemptLog log = new AttemptLog(kafka.bootstrapServers(), "ld.deliveries")) {
            // Circuits do not open within a run (a window of 5,000 attempts), so hostile endpoints are called all along.
            EndpointGuards guards = new EndpointGuards(8 + 2000, 50, 5000, 5000, Duration.ofSeconds(30));
            WebhookDeliverer deliverer = new WebhookDeliverer(client, new WebhookBodies(), log, Duration.ofSeconds(10),
                    Clock.systemUTC(), null, guards, RetrySchedule.DEFAULT);

            run(deliverer, "warm-up", WARM_UP, healthyUrl, List.of());
            Phase alone = run(deliverer, "healthy endpoint alone", PHASE, healthyUrl, List.of());
            Phase beside = run(deliverer, "beside 7 hostile endpoints", PHASE, healthyUrl, hostile);

            System.out.println("Hostile endpoints load run (" + HEALTHY_IN_FLIGHT + " deliveries in flight to the"
                    + " healthy endpoint; " + HOSTILE_IN_FLIGHT + " to each hostile one, timeout 2 s, one start per "
                    + HOSTILE_PACE.toMillis() + " ms each):");
            System.out.println("  " + alone.describe());
            System.out.println("  " + beside.describe());
            System.out.println("  hostile attempts by endpoint and outcome: " + new java.util.TreeMap<>(hostileOutcomes));
            System.out.printf("  whole run %.1f s%n", (System.nanoTime() - started) / 1e9);

            assertThat(failed).as("healthy deliveries that failed").isEmpty();
            assertThat(received).as("every healthy delivery arrived, once each").isEqualTo(delivered);
            assertThat(delivered).hasSize((int) sequence.get());
            assertThat(hostileOutcomes).isNotEmpty();
        } finally {
            healthy.stop(0);
            for (HostileEndpoint endpoint : hostile) {
                endpoint.close();
            }
            completion.shutdownNow();
            pace.shutdownNow();
        }
    }

    /** Keeps the healthy endpoint (and the hostile ones, if any) busy for a while; the healthy one's figures. */
    private Phase run(WebhookDeliverer deliverer, String name, Duration length, String healthyUrl,
            List<HostileEndpoint> hostile) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch slots = new CountDownLatch(HEALTHY_IN_FLIGHT + hostile.size() * HOSTILE_IN_FLIGHT);
        long before = sequence.get();
        for (int i = 0; i < HEALTHY_IN_FLIGHT; i++) {
            healthyLoop(deliverer, healthyUrl, end, latencies, slots);
        }
        for (HostileEndpoint endpoint : hostile) {
            for (int i = 0; i < HOSTILE_IN_FLIGHT; i++) {
                hostileLoop(deliverer, endpoint, end, slots);
            }
        }
        assertThat(slots.await(60, TimeUnit.SECONDS)).as("every attempt of the phase ended").isTrue();
        System.gc();
        return new Phase(name, (int) (sequence.get() - before), length, latencies,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
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

    private void hostileLoop(WebhookDeliverer deliverer, HostileEndpoint endpoint, long end, CountDownLatch slots) {
        if (System.nanoTime() >= end) {
            slots.countDown();
            return;
        }
        long start = System.nanoTime();
        Delivery delivery = delivery("hostile-" + endpoint.name + "-" + start, endpoint.url(
                endpoint.name.equals("tls") ? "https" : "http"), "PT2S");
        deliverer.deliverAsync(delivery, 1, completion).whenComplete((done, error) -> {
            String outcome = error == null ? "delivered" : error.getClass().getSimpleName();
            hostileOutcomes.computeIfAbsent(endpoint.name + " " + outcome, k -> new AtomicLong()).incrementAndGet();
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
