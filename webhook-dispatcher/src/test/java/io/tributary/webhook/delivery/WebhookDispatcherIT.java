package io.tributary.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.model.serde.TributarySerdes;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import io.tributary.model.signing.WebhookSigner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Deliveries from a real broker to real HTTP servers on loopback: success, retries, dead letters. */
@ExtendWith(KafkaExtension.class)
@SpringBootTest
class WebhookDispatcherIT {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final List<String> calls = new CopyOnWriteArrayList<>();
    static final List<String> verifiedIds = new CopyOnWriteArrayList<>();
    static final AtomicInteger flakyCalls = new AtomicInteger();
    /** The last request received per webhook-id: its webhook-timestamp and body. */
    static final Map<String, Map.Entry<String, byte[]>> lastRequests = new java.util.concurrent.ConcurrentHashMap<>();
    static final List<Long> slowCallTimes = new CopyOnWriteArrayList<>();
    /** What the official Standard Webhooks library and a strict look at the header bytes said, by delivery id. */
    static final Map<String, String> officialVerdicts = new java.util.concurrent.ConcurrentHashMap<>();
    static final Map<String, byte[]> officialBodies = new java.util.concurrent.ConcurrentHashMap<>();
    static final HttpServer server = startServer();

    static HttpServer startServer() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", WebhookDispatcherIT::handle);
            http.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        calls.add(path + " " + id);
        lastRequests.put(id, Map.entry(exchange.getRequestHeaders().getFirst("webhook-timestamp"), body));
        if (WebhookSigner.verify(List.of(SECRET), id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                exchange.getRequestHeaders().getFirst("webhook-signature"), body, Instant.now(), Duration.ofMinutes(5))) {
            verifiedIds.add(path + " " + id);
        }
        if (path.equals("/verify")) {
            verifyAsAReceiver(exchange, body);
            return;
        }
        if (path.equals("/slow")) {
            slowCallTimes.add(System.nanoTime());
            if (slowCallTimes.size() == 1) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
        }
        int status = switch (path) {
            case "/ok" -> 200;
            case "/gone" -> 410;
            case "/slow" -> slowCallTimes.size() == 1 ? 429 : 200;
            case "/flaky" -> flakyCalls.incrementAndGet() == 1 ? 500 : 204;
            case "/bad" -> 400;
            default -> 503;
        };
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** A receiver using the official Standard Webhooks library, refusing any header byte outside visible ASCII. */
    static void verifyAsAReceiver(HttpExchange exchange, byte[] body) throws IOException {
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String verdict = "verified";
        try {
            exchange.getRequestHeaders().forEach((name, values) -> values.forEach(value -> {
                if (!value.chars().allMatch(c -> c == ' ' || c > 0x20 && c < 0x7F)) {
                    throw new IllegalStateException(name + " holds a byte outside visible ASCII: " + value);
                }
            }));
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)).toString();
            new com.standardwebhooks.Webhook(SECRET).verify(text, exchange.getRequestHeaders());
            id = io.tributary.model.signing.WebhookHeaders.deliveryId(id);
        } catch (Exception e) {
            verdict = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        officialVerdicts.put(String.valueOf(id), verdict);
        officialBodies.put(String.valueOf(id), body);
        exchange.sendResponseHeaders(verdict.equals("verified") ? 204 : 400, -1);
        exchange.close();
    }

    /** A delivery of an event with any id and data to {@code /verify}, built as JSON so that any character fits. */
    static Delivery hostileDelivery(String id, com.fasterxml.jackson.databind.JsonNode data, String template) {
        var event = Json.mapper().createObjectNode().put("specversion", "1.0").put("id", id)
                .put("source", "/services/billing").put("type", "invoice.created");
        event.set("data", data);
        var config = Json.mapper().createObjectNode().put("url", "http://127.0.0.1:" + server.getAddress().getPort()
                + "/verify").put("secret", SECRET);
        if (template != null) {
            config.put("format", "template").put("template", template);
        }
        var subscription = Json.mapper().createObjectNode().put("id", "sub_verify").put("name", "verify")
                .put("eventType", "invoice.*").put("type", "WEBHOOK");
        subscription.set("config", config);
        return Delivery.of(EventEnvelope.fromJson(event), Subscription.fromJson(subscription));
    }

    @Test
    void shouldSendIdsAndValuesOfAnyCharactersSoThatTheOfficialLibraryVerifiesThem(KafkaCluster kafka)
            throws Exception {
        var data = Json.mapper().createObjectNode().put("note", "bell\u0007 esc\u001b nul\u0000 lone\ud800 ü €");
        send(kafka, hostileDelivery("rechnung-€-7", data, null),
                hostileDelivery("grüße ü\r\n50%", data, null),
                hostileDelivery("tpl-\u0001", data, "{\"text\": \"{{new.note}} for {{id}}\"}"));

        await().atMost(Duration.ofSeconds(60)).until(() -> officialVerdicts.size() == 3);
        assertThat(officialVerdicts).containsOnly(Map.entry("rechnung-€-7:sub_verify", "verified"),
                Map.entry("grüße ü\r\n50%:sub_verify", "verified"), Map.entry("tpl-\u0001:sub_verify", "verified"));
        assertThat(calls).contains("/verify rechnung-%E2%82%AC-7:sub_verify",
                "/verify gr%C3%BC%C3%9Fe%20%C3%BC%0D%0A50%25:sub_verify", "/verify tpl-%01:sub_verify");
        assertThat(Json.mapper().readTree(officialBodies.get("rechnung-€-7:sub_verify")).get("new")).isEqualTo(data);
        assertThat(Json.mapper().readTree(officialBodies.get("tpl-\u0001:sub_verify")).get("text").textValue())
                .isEqualTo("bell\u0007 esc\u001b nul\u0000 lone\ud800 ü € for tpl-\u0001");
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KafkaCluster kafka = KafkaExtension.cluster();
        kafka.createTopics(1, "wh.handler.webhook");
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        registry.add("tributary.webhook.topic-prefix", () -> "wh");
        registry.add("tributary.webhook.group-id", () -> "wh-dispatcher");
        registry.add("tributary.webhook.allowed-cidrs[0]", () -> "127.0.0.0/8");
        registry.add("tributary.webhook.retry.max-attempts", () -> "3");
        registry.add("tributary.webhook.retry.initial-interval", () -> "PT0.2S");
        registry.add("tributary.webhook.retry.multiplier", () -> "2");
        registry.add("tributary.webhook.retry.max-interval", () -> "PT1S");
        // Every endpoint of this test is one server: its circuit must not open for the others' failures.
        registry.add("tributary.webhook.circuit-breaker.minimum-calls", () -> "1000");
    }

    static Delivery delivery(String id, String path) {
        return delivery(id, path, "");
    }

    /** A delivery of event {@code id} to any URL. */
    static Delivery deliveryTo(String id, String url) {
        EventEnvelope event = EventEnvelope.fromJson(Json.parse("{\"specversion\":\"1.0\",\"id\":\"" + id + "\","
                + "\"source\":\"/services/shop\",\"type\":\"order.confirmed\",\"data\":{\"order\":\"" + id + "\"}}"));
        return Delivery.of(event, Subscription.fromJson(Json.parse("{\"id\":\"sub_wh\",\"name\":\"wh\","
                + "\"eventType\":\"order.*\",\"type\":\"WEBHOOK\",\"config\":{\"url\":\"" + url + "\",\"secret\":\""
                + SECRET + "\"}}")));
    }

    static Delivery delivery(String id, String path, String moreConfig) {
        EventEnvelope event = EventEnvelope.fromJson(Json.parse("{\"specversion\":\"1.0\",\"id\":\"" + id + "\","
                + "\"source\":\"/services/shop\",\"type\":\"order.confirmed\",\"data\":{\"order\":\"" + id + "\"}}"));
        Subscription subscription = Subscription.fromJson(Json.parse("{\"id\":\"sub_wh\",\"name\":\"wh\","
                + "\"eventType\":\"order.*\",\"type\":\"WEBHOOK\",\"config\":{\"url\":\"http://127.0.0.1:"
                + server.getAddress().getPort() + path + "\",\"secret\":\"" + SECRET + "\"" + moreConfig + "}}"));
        return Delivery.of(event, subscription);
    }

    static void send(KafkaCluster kafka, Delivery... deliveries) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), TributarySerdes.delivery().serializer())) {
            for (Delivery delivery : deliveries) {
                producer.send(new ProducerRecord<>("wh.handler.webhook", delivery.recordKey(), delivery))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldDeliverRetryAndDeadLetterAsTheEndpointsAnswer(KafkaCluster kafka) throws Exception {
        kafka.createCompactedTopic("wh.subscriptions", 1);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("wh.subscriptions", "sub_wh",
                    Json.write(delivery("x", "/ok").subscription().toJson()))).get(30, TimeUnit.SECONDS);
        }
        send(kafka, delivery("e-ok", "/ok"), delivery("e-flaky", "/flaky"), delivery("e-bad", "/bad"),
                delivery("e-down", "/down"), delivery("e-gone", "/gone"), delivery("e-slow", "/slow"),
                delivery("e-brief", "/brief", ",\"retry\":{\"maxAttempts\":2,\"initialInterval\":\"PT0.1S\"}"));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("wh.handler.webhook", "poison",
                    "{not a delivery".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("wh.handler.webhook", "tombstone", null)).get(30, TimeUnit.SECONDS);
        }

        List<ConsumerRecord<String, String>> dead = kafka.consume("wh.handler.webhook-dlt", 6, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> calls.contains("/flaky e-flaky:sub_wh")
                && calls.stream().filter(c -> c.startsWith("/flaky")).count() == 2);

        assertThat(verifiedIds).contains("/ok e-ok:sub_wh", "/flaky e-flaky:sub_wh", "/bad e-bad:sub_wh");
        assertThat(calls.stream().filter(c -> c.equals("/ok e-ok:sub_wh")).count()).isEqualTo(1);
        assertThat(calls.stream().filter(c -> c.equals("/flaky e-flaky:sub_wh")).count())
                .as("a retry carries the same webhook-id").isEqualTo(2);
        assertThat(calls.stream().filter(c -> c.startsWith("/bad")).count()).as("a 400 is not retried").isEqualTo(1);
        assertThat(calls.stream().filter(c -> c.startsWith("/down")).count()).as("every attempt").isEqualTo(3);

        assertThat(dead).hasSize(6);
        assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(
                delivery("e-bad", "/bad").recordKey(), delivery("e-down", "/down").recordKey(),
                delivery("e-gone", "/gone").recordKey(), delivery("e-brief", "/brief").recordKey(), "poison",
                "tombstone");
        assertThat(calls.stream().filter(c -> c.startsWith("/brief")).count())
                .as("the subscription's own config.retry.maxAttempts").isEqualTo(2);
        assertThat(dead).filteredOn(r -> !r.key().equals("poison") && !r.key().equals("tombstone"))
                .extracting(r -> r.key().substring(r.key().lastIndexOf('/') + 1) + " " + header(r, "tributary-last-status"))
                .containsExactlyInAnyOrder("e-bad 400", "e-down 503", "e-gone 410", "e-brief 503");

        // 410 Gone: the subscription is paused on the subscriptions topic.
        List<ConsumerRecord<String, String>> subscriptions = kafka.consume("wh.subscriptions", 2, Duration.ofSeconds(30));
        assertThat(subscriptions).hasSize(2);
        assertThat(Json.parse(subscriptions.get(1).value()).get("active").asBoolean()).isFalse();
        assertThat(Json.parse(subscriptions.get(1).value()).get("config").get("url").asText()).endsWith("/ok");

        // 429 with Retry-After: 1 waits a second, not the schedule's 0.2 s (at most its 1 s maximum), then delivers.
        await().atMost(Duration.ofSeconds(30)).until(() -> slowCallTimes.size() == 2);
        assertThat(Duration.ofNanos(slowCallTimes.get(1) - slowCallTimes.get(0))).isGreaterThan(Duration.ofMillis(950));
        ConsumerRecord<String, String> bad = dead.stream().filter(r -> r.key().contains("e-bad")).findFirst().orElseThrow();
        assertThat(header(bad, "kafka_exception-message")).contains("HTTP 400");
        assertThat(header(bad, "kafka_original-topic")).isEqualTo("wh.handler.webhook");
        assertThat(bad.headers().lastHeader("kafka_original-offset")).isNotNull();
        assertThat(bad.headers().lastHeader("kafka_exception-fqcn")).isNotNull();
        ConsumerRecord<String, String> down = dead.stream().filter(r -> r.key().contains("e-down")).findFirst().orElseThrow();
        assertThat(header(down, "kafka_exception-message")).contains("HTTP 503");
        assertThat(Delivery.fromJson(Json.parse(down.value())).deliveryId()).isEqualTo("e-down:sub_wh");
        ConsumerRecord<String, String> poison = dead.stream().filter(r -> r.key().equals("poison")).findFirst().orElseThrow();
        assertThat(poison.value()).isEqualTo("{not a delivery");

        List<ConsumerRecord<String, String>> attempts = kafka.consume("wh.deliveries", 7, Duration.ofSeconds(30));
        assertThat(attempts).extracting(r -> Json.parse(r.value()).get("outcome").asText())
                .contains("DELIVERED", "RETRY", "DEAD_LETTER");
        assertThat(attempts.stream().filter(r -> r.key().equals("e-down:sub_wh")).count()).isEqualTo(3);

        // Each attempt with its real outcome: the last one of a delivery that is dead-lettered says so, whether the
        // service's schedule (three attempts) or the subscription's own (two) ran out; a 400 is dead-lettered at once.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> all = kafka.readAll("wh.deliveries");
            assertThat(outcomes(all, "e-down:sub_wh")).containsExactly("1 RETRY", "2 RETRY", "3 DEAD_LETTER");
            assertThat(outcomes(all, "e-brief:sub_wh")).containsExactly("1 RETRY", "2 DEAD_LETTER");
            assertThat(outcomes(all, "e-bad:sub_wh")).containsExactly("1 DEAD_LETTER");
            assertThat(outcomes(all, "e-flaky:sub_wh")).containsExactly("1 RETRY", "2 DELIVERED");
        });

        // The request each attempt records is the one the endpoint received: the headers as sent (the signature
        // masked), the body's size, SHA-256 and text.
        JsonNode delivered = kafka.readAll("wh.deliveries").stream().map(r -> Json.parse(r.value()))
                .filter(a -> a.get("deliveryId").asText().equals("e-flaky:sub_wh") && a.get("attempt").asInt() == 2)
                .findFirst().orElseThrow();
        Map.Entry<String, byte[]> received = lastRequests.get("e-flaky:sub_wh");
        JsonNode request = delivered.get("request");
        assertThat(request.get("method").asText()).isEqualTo("POST");
        assertThat(request.get("url").asText()).startsWith("http://").endsWith("/flaky");
        List<String> sentHeaders = new java.util.ArrayList<>();
        request.get("headers").forEach(h -> sentHeaders.add(h.get("name").asText() + ": " + h.get("value").asText()));
        assertThat(sentHeaders).containsExactly("content-type: application/json; charset=UTF-8",
                "webhook-id: e-flaky:sub_wh", "webhook-timestamp: " + received.getKey(),
                "webhook-signature: v1,… (masked)");
        assertThat(request.get("bodyBytes").asInt()).isEqualTo(received.getValue().length);
        assertThat(request.get("bodySha256").asText()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(received.getValue())));
        assertThat(request.get("body").asText()).isEqualTo(new String(received.getValue(), StandardCharsets.UTF_8));
        assertThat(request.get("bodyTruncated").asBoolean()).isFalse();
    }

    /** A delivery's attempts as "attempt outcome", in attempt order. */
    static List<String> outcomes(List<ConsumerRecord<String, String>> attempts, String deliveryId) {
        return attempts.stream().filter(r -> r.key().equals(deliveryId)).map(r -> Json.parse(r.value()))
                .sorted(java.util.Comparator.comparingInt(a -> a.get("attempt").asInt()))
                .map(a -> a.get("attempt").asInt() + " " + a.get("outcome").asText()).toList();
    }
}
