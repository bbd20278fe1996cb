package io.tributary.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.model.serde.TributarySerdes;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On a real broker and loopback endpoints: a slow endpoint does not hold up deliveries to a fast one, and an
 * ordered subscription's later changes wait behind an earlier one that is retrying while an unordered one's do not.
 */
@ExtendWith(KafkaExtension.class)
@SpringBootTest
class ConcurrentAndOrderedDeliveryIT {

    static final CountDownLatch releaseSlow = new CountDownLatch(1);
    static final AtomicInteger slowWaiting = new AtomicInteger();
    static final List<String> fast = new CopyOnWriteArrayList<>();
    static final List<String> slowAnswered = new CopyOnWriteArrayList<>();
    /** Per path: "eventId status" in the order the endpoint answered. */
    static final Map<String, List<String>> answers = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> callsPerEvent = new ConcurrentHashMap<>();
    static final HttpServer server = startServer();
    /** Another endpoint: the slow one. */
    static final HttpServer slowServer = startServer();

    static HttpServer startServer() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", ConcurrentAndOrderedDeliveryIT::handle);
            http.setExecutor(Executors.newFixedThreadPool(32));
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        exchange.getRequestBody().readAllBytes();
        String event = exchange.getRequestHeaders().getFirst("webhook-id").split(":")[0];
        int status = 204;
        switch (path) {
            case "/fast" -> fast.add(event);
            case "/slow" -> {
                slowWaiting.incrementAndGet();
                try {
                    releaseSlow.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                slowWaiting.decrementAndGet();
                slowAnswered.add(event);
            }
            default -> {
                // The second change fails twice before it is taken; the sixth is refused for good.
                int call = callsPerEvent.computeIfAbsent(path + event, k -> new AtomicInteger()).incrementAndGet();
                if (event.endsWith("-2") && call <= 2) {
                    status = 503;
                } else if (event.endsWith("-6")) {
                    status = 400;
                }
                answers.computeIfAbsent(path, k -> new CopyOnWriteArrayList<>()).add(event + " " + status);
            }
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @AfterAll
    static void stopServer() {
        releaseSlow.countDown();
        server.stop(0);
        slowServer.stop(0);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KafkaCluster kafka = KafkaExtension.cluster();
        kafka.createTopics(1, "ow.handler.webhook", "ow.handler.webhook-ordered");
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        registry.add("tributary.webhook.topic-prefix", () -> "ow");
        registry.add("tributary.webhook.group-id", () -> "ow-dispatcher");
        registry.add("tributary.webhook.allowed-cidrs[0]", () -> "127.0.0.0/8");
        registry.add("tributary.webhook.timeout", () -> "PT60S");
        registry.add("tributary.webhook.retry.max-attempts", () -> "4");
        registry.add("tributary.webhook.retry.initial-interval", () -> "PT0.3S");
        registry.add("tributary.webhook.retry.multiplier", () -> "1");
        registry.add("tributary.webhook.retry.max-interval", () -> "PT0.3S");
        registry.add("tributary.webhook.circuit-breaker.minimum-calls", () -> "1000");
    }

    static Delivery delivery(String eventId, String subject, String subscriptionId, String path, String moreConfig) {
        return delivery(eventId, subject, subscriptionId, server, path, moreConfig);
    }

    static Delivery delivery(String eventId, String subject, String subscriptionId, HttpServer server, String path,
            String moreConfig) {
        EventEnvelope event = EventEnvelope.fromJson(Json.parse("{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\","
                + "\"source\":\"/services/shop\",\"type\":\"order.confirmed\",\"subject\":\"" + subject + "\","
                + "\"data\":{\"order\":\"" + eventId + "\"}}"));
        return Delivery.of(event, Subscription.fromJson(Json.parse("{\"id\":\"" + subscriptionId + "\",\"name\":\""
                + subscriptionId + "\",\"eventType\":\"order.*\",\"type\":\"WEBHOOK\",\"config\":{\"url\":"
                + "\"http://127.0.0.1:" + server.getAddress().getPort() + path + "\"" + moreConfig + "}}")));
    }

    static void send(KafkaCluster kafka, List<Delivery> deliveries) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), TributarySerdes.delivery().serializer())) {
            for (Delivery delivery : deliveries) {
                producer.send(new ProducerRecord<>("ow.handler.webhook", delivery.recordKey(), delivery))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void shouldDeliverToAFastEndpointWhileASlowOneHoldsItsRequests(KafkaCluster kafka) throws Exception {
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            // Every fifth delivery goes to the endpoint that does not answer yet (as many as it has connections),
            // all in one partition.
            deliveries.add(i % 5 == 0 ? delivery("s-" + i, "s-" + i, "sub_slow", slowServer, "/slow", "")
                    : delivery("f-" + i, "f-" + i, "sub_fast", "/fast", ""));
        }
        send(kafka, deliveries);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(fast).hasSize(32));
        assertThat(slowWaiting.get()).as("the slow endpoint's requests are still unanswered").isPositive();
        assertThat(slowAnswered).isEmpty();
        releaseSlow.countDown();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(slowAnswered).hasSize(8));
        assertThat(fast).doesNotHaveDuplicates();
    }

    @Test
    void shouldKeepAnOrderedSubscriptionsChangesInOrderAcrossRetries(KafkaCluster kafka) throws Exception {
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            deliveries.add(delivery("o-" + i, "order-7", "sub_ordered", "/ordered", ",\"ordered\":true"));
            deliveries.add(delivery("u-" + i, "order-8", "sub_unordered", "/unordered", ""));
        }
        send(kafka, deliveries);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(answers.get("/ordered")).contains("o-7 204");
            assertThat(answers.get("/unordered")).contains("u-7 204", "u-2 204");
        });
        // Ordered: the second change is retried until taken and nothing after it is sent meanwhile; the sixth,
        // refused for good, goes to the dead-letter topic and the seventh follows it.
        assertThat(answers.get("/ordered")).containsExactly("o-1 204", "o-2 503", "o-2 503", "o-2 204", "o-3 204",
                "o-4 204", "o-5 204", "o-6 400", "o-7 204");
        // Unordered: the later changes do not wait for the second one's retries.
        List<String> unordered = answers.get("/unordered");
        assertThat(unordered.indexOf("u-3 204")).isLessThan(unordered.indexOf("u-2 204"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kafka.readAll("ow.handler.webhook-dlt"))
                .hasSize(2));
        List<ConsumerRecord<String, String>> dead = kafka.readAll("ow.handler.webhook-dlt");
        assertThat(dead).allSatisfy(record -> assertThat(new String(
                record.headers().lastHeader("tributary-last-status").value(), StandardCharsets.UTF_8)).isEqualTo("400"));
        assertThat(dead).extracting(record -> Json.parse(record.value()).path("event").path("id").asText())
                .containsExactlyInAnyOrder("o-6", "u-6");
    }
}
