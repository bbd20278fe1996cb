package io.tributary.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.Json;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's ledger on a real broker and PostgreSQL: every attempt of a run is stored exactly once, also when
 * the consumer group reads every topic a second time from the start; the search API finds deliveries, attempts'
 * outcomes and statuses, and dead letters with their provenance, newest first, page by page.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleLedgerIT {

    static final String ADMIN_KEY = "console-admin-key-0123456789";
    static final String TENANT_KEY = "console-tenant-key-0123456789";
    static final String GROUP = "cl-console";
    static final List<String> TOPICS = List.of("cl.events", "cl.handler.webhook", "cl.deliveries",
            "cl.handler.webhook-dlt");
    static PostgresDatabase db;

    @Value("${local.server.port}")
    int port;

    @Autowired
    ConcurrentMessageListenerContainer<String, String> ledgerListener;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db = PostgresExtension.database().createDatabase("console_ledger");
        KafkaCluster kafka = KafkaExtension.cluster();
        kafka.createTopics(2, "cl.events", "cl.handler.webhook", "cl.deliveries");
        kafka.createTopics(1, "cl.handler.webhook-dlt");
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        ConsoleTestProperties.ledger(registry, db);
        registry.add("tributary.console.topic-prefix", () -> "cl");
        registry.add("tributary.console.group-id", () -> GROUP);
        registry.add("tributary.console.topic-discovery", () -> "PT1S");
        registry.add("tributary.api.key-store", () -> "");
        ConsoleTestProperties.adminKey(registry, ADMIN_KEY);
        ConsoleTestProperties.tenantKey(registry, 1, TENANT_KEY, "co_1");
    }

    @Test
    void shouldStoreEveryAttemptOfARunExactlyOnceEvenWhenEveryRecordIsReadTwice() throws Exception {
        Instant base = Instant.parse("2026-03-01T10:00:00Z");
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        Set<String> expectedAttempts = new TreeSet<>();
        Map<String, Set<String>> deliveriesBySubscription = new HashMap<>();
        Set<String> deadLettered = new TreeSet<>();
        for (int i = 0; i < 120; i++) {
            String subscription = i % 2 == 0 ? "sub_run_a" : "sub_run_b";
            ObjectNode row = Json.mapper().createObjectNode().put("status", "confirmed").put("n", i);
            ObjectNode event = LedgerFixtures.rowChange("run-" + i, "co_1", "salesOrder", "INSERT", "so_" + i, row,
                    null, base.plusSeconds(i));
            ObjectNode delivery = LedgerFixtures.delivery(event, subscription, "co_1", "https://hooks.example.com/in");
            String deliveryId = delivery.get("deliveryId").asText();
            deliveriesBySubscription.computeIfAbsent(subscription, s -> new TreeSet<>()).add(deliveryId);
            records.add(new ProducerRecord<>("cl.events", "co_1/so_" + i, Json.write(event)));
            records.add(new ProducerRecord<>("cl.handler.webhook", subscription + "/so_" + i, Json.write(delivery)));
            int attempts = i % 3 + 1;
            for (int a = 1; a <= attempts; a++) {
                boolean last = a == attempts;
                boolean dead = last && i % 10 == 0;
                String outcome = !last ? "RETRY" : dead ? "DEAD_LETTER_AND_PAUSE" : "DELIVERED";
                int status = !last ? 503 : dead ? 410 : 200;
                records.add(new ProducerRecord<>("cl.deliveries", deliveryId, Json.write(LedgerFixtures.attempt(
                        delivery, a, outcome, status, 10 + a, base.plusSeconds(i).plusMillis(100L * a)))));
                expectedAttempts.add(deliveryId + "#" + a + "#" + outcome + "#" + status);
            }
            if (i % 10 == 0) {
                ProducerRecord<String, String> dlt = new ProducerRecord<>("cl.handler.webhook-dlt", 0, null,
                        subscription + "/so_" + i, Json.write(delivery));
                DeadLetterHeaders.writeOrigin(dlt.headers(), "cl.handler.webhook-retry-1", 1, 1000L + i,
                        base.plusSeconds(i).toEpochMilli());
                DeadLetterHeaders.writeException(dlt.headers(), "io.tributary.webhook.EndpointGone", "410 Gone");
                DeadLetterHeaders.writeReason(dlt.headers(), DeadLetterHeaders.ReasonCode.PERMANENT_HTTP_STATUS,
                        "the endpoint answered 410 Gone");
                DeadLetterHeaders.writeText(dlt.headers(), DeadLetterHeaders.LAST_STATUS, "410");
                records.add(dlt);
                deadLettered.add(deliveryId);
            }
        }
        produce(records);

        await().atMost(Duration.ofSeconds(60)).until(() -> attempts().size() == expectedAttempts.size()
                && count("deliveries WHERE delivery_id LIKE 'run-%'") == 120
                && count("dead_letters WHERE delivery_id LIKE 'run-%'") == 12);
        assertThat(attempts()).containsExactlyElementsOf(expectedAttempts);

        // Read every record a second time: stop the group, move its offsets back to the start, start it again.
        ledgerListener.stop();
        try (Admin admin = Admin.create(KafkaExtension.cluster().clientProperties())) {
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            endOffsets(admin).keySet().forEach(tp -> start.put(tp, new OffsetAndMetadata(0)));
            admin.alterConsumerGroupOffsets(GROUP, start).all().get();
            assertThat(committed(admin).values()).containsOnly(0L);
            ledgerListener.start();
            Map<TopicPartition, Long> end = endOffsets(admin);
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(admin).equals(end));
        }
        assertThat(attempts()).containsExactlyElementsOf(expectedAttempts);
        assertThat(count("attempts WHERE delivery_id LIKE 'run-%'")).isEqualTo(expectedAttempts.size());
        assertThat(count("deliveries WHERE delivery_id LIKE 'run-%'")).isEqualTo(120);
        assertThat(count("events WHERE event_id LIKE 'run-%'")).isEqualTo(120);
        // The ledger follows every dead-letter topic, also those of the module's other tests on the shared broker.
        assertThat(count("dead_letters WHERE topic = 'cl.handler.webhook-dlt'")).isEqualTo(12);

        // The search: one subscription's deliveries, page by page, newest first.
        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get("/v1/deliveries?subscription=sub_run_a&limit=7"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(pages::add);
            cursor = page.has("next") ? page.get("next").asText() : null;
        } while (cursor != null);
        assertThat(pages).extracting(item -> item.get("deliveryId").asText())
                .containsExactlyInAnyOrderElementsOf(deliveriesBySubscription.get("sub_run_a"));
        List<Instant> times = pages.stream().map(item -> Instant.parse(item.get("time").asText())).toList();
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
        JsonNode newest = pages.get(0);
        assertThat(newest.get("deliveryId").asText()).isEqualTo("run-118:sub_run_a");
        assertThat(newest.get("endpointHost").asText()).isEqualTo("hooks.example.com");
        assertThat(newest.get("tenant").asText()).isEqualTo("co_1");
        assertThat(newest.get("attempts").asLong()).isEqualTo(2);
        assertThat(newest.get("lastAttempt").get("outcome").asText()).isEqualTo("DELIVERED");
        assertThat(newest.get("lastAttempt").get("httpStatus").asInt()).isEqualTo(200);

        // By the last attempt's status class and outcome; by the event's data.
        assertThat(ids(get("/v1/deliveries?status=4xx&limit=1000"), "deliveryId")).isEqualTo(deadLettered);
        assertThat(ids(get("/v1/deliveries?status=410&outcome=DEAD_LETTER_AND_PAUSE&limit=1000"), "deliveryId"))
                .isEqualTo(deadLettered);
        assertThat(ids(get("/v1/deliveries?filter=" + encode("{\"n\": 7}")), "deliveryId"))
                .containsExactly("run-7:sub_run_b");
        assertThat(ids(get("/v1/deliveries?type=salesOrder.*&tenant=co_1&limit=1000"), "deliveryId")).hasSize(120);
        assertThat(ids(get("/v1/deliveries?type=salesOrder.update"), "deliveryId")).isEmpty();

        // Dead letters with their provenance.
        JsonNode dead = get("/v1/dead-letters?topic=cl.handler.webhook-dlt&eventId=run-50");
        assertThat(dead.get("items")).hasSize(1);
        JsonNode letter = dead.get("items").get(0);
        assertThat(letter.get("deliveryId").asText()).isEqualTo("run-50:sub_run_a");
        assertThat(letter.get("reason").asText()).isEqualTo("the endpoint answered 410 Gone");
        assertThat(letter.get("exception").asText()).isEqualTo("io.tributary.webhook.EndpointGone");
        assertThat(letter.get("lastStatus").asInt()).isEqualTo(410);
        assertThat(letter.get("reasonCode").asText()).isEqualTo("PERMANENT_HTTP_STATUS");
        assertThat(letter.get("original").get("topic").asText()).isEqualTo("cl.handler.webhook-retry-1");
        assertThat(letter.get("original").get("partition").asInt()).isEqualTo(1);
        assertThat(letter.get("original").get("offset").asLong()).isEqualTo(1050L);
        assertThat(letter.get("tenant").asText()).isEqualTo("co_1");
        String topic = "/v1/dead-letters?topic=cl.handler.webhook-dlt";
        assertThat(ids(get(topic + "&limit=1000"), "deliveryId")).isEqualTo(deadLettered);
        assertThat(ids(get(topic + "&reasonCode=PERMANENT_HTTP_STATUS&limit=1000"), "deliveryId"))
                .isEqualTo(deadLettered);
        assertThat(ids(get(topic + "&reasonCode=RETRIES_EXHAUSTED"), "deliveryId")).isEmpty();
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenTheConsoleStopsAndStartsWhileAttemptsFlow() throws Exception {
        Instant base = Instant.parse("2026-03-02T10:00:00Z");
        int total = 3000;
        Set<String> expected = new TreeSet<>();
        Thread producer = new Thread(() -> {
            try {
                for (int chunk = 0; chunk < 30; chunk++) {
                    List<ProducerRecord<String, String>> records = new ArrayList<>();
                    for (int i = chunk * 100; i < (chunk + 1) * 100; i++) {
                        ObjectNode event = LedgerFixtures.applicationEvent("flow-" + i, "co_2", "invoice.created",
                                Json.mapper().createObjectNode().put("n", i), base.plusMillis(i));
                        ObjectNode delivery = LedgerFixtures.delivery(event, "sub_flow", "co_2", "https://f.example/");
                        records.add(new ProducerRecord<>("cl.deliveries", delivery.get("deliveryId").asText(),
                                Json.write(LedgerFixtures.attempt(delivery, 1, "DELIVERED", 200, 5,
                                        base.plusMillis(i)))));
                    }
                    produce(records);
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < total; i++) {
            expected.add("flow-" + i + ":sub_flow#1#DELIVERED#200");
        }
        producer.start();
        for (int restart = 0; restart < 3; restart++) {
            Thread.sleep(400);
            ledgerListener.stop();
            Thread.sleep(200);
            ledgerListener.start();
        }
        producer.join();

        await().atMost(Duration.ofSeconds(60)).until(() -> count("attempts WHERE delivery_id LIKE 'flow-%'") == total);
        List<String> stored = new ArrayList<>();
        try (Connection connection = db.connect();
                ResultSet rs = connection.createStatement().executeQuery("SELECT delivery_id, attempt, outcome,"
                        + " http_status FROM tributary_console.attempts WHERE delivery_id LIKE 'flow-%'")) {
            while (rs.next()) {
                stored.add(rs.getString(1) + "#" + rs.getInt(2) + "#" + rs.getString(3) + "#" + rs.getInt(4));
            }
        }
        assertThat(stored).hasSize(total).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldRefuseCallersWithoutAnAdminKeyAndParametersTheSearchDoesNotTake() throws Exception {
        assertThat(send("/v1/events", null).statusCode()).isEqualTo(401);
        assertThat(send("/v1/events", "not-a-key-of-this-console").statusCode()).isEqualTo(401);
        HttpResponse<String> tenant = send("/v1/deliveries", TENANT_KEY);
        assertThat(tenant.statusCode()).isEqualTo(403);
        assertThat(Json.parse(tenant.body()).get("error").asText()).isEqualTo("the ledger's search needs an admin key");
        HttpResponse<String> bad = send("/v1/events?outcome=DELIVERED&status=6xx&filter=" + encode("[1]"), ADMIN_KEY);
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode details = Json.parse(bad.body()).get("details");
        assertThat(details).extracting(d -> d.get("path").asText()).containsExactly("outcome", "status", "filter");
        HttpResponse<String> status = send("/v1/deliveries?status=6xx&from=yesterday", ADMIN_KEY);
        assertThat(Json.parse(status.body()).get("details")).extracting(d -> d.get("path").asText())
                .containsExactly("status", "from");
    }

    static Set<String> ids(JsonNode page, String field) {
        Set<String> ids = new TreeSet<>();
        page.get("items").forEach(item -> ids.add(item.get(field).asText()));
        return ids;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send(path, ADMIN_KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }

    HttpResponse<String> send(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void produce(List<ProducerRecord<String, String>> records) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.cluster().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer())) {
            for (ProducerRecord<String, String> record : records) {
                producer.send(record);
            }
            producer.flush();
        }
    }

    static List<String> attempts() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = db.connect();
                ResultSet rs = connection.createStatement().executeQuery("SELECT delivery_id, attempt, outcome,"
                        + " http_status FROM tributary_console.attempts WHERE delivery_id LIKE 'run-%' ORDER BY 1, 2")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "#" + rs.getInt(2) + "#" + rs.getString(3) + "#" + rs.getInt(4));
            }
        }
        rows.sort(null);
        return rows;
    }

    static long count(String from) throws Exception {
        try (Connection connection = db.connect();
                ResultSet rs = connection.createStatement().executeQuery("SELECT count(*) FROM tributary_console."
                        + from)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(TOPICS).allTopicNames().get().forEach((name, description) -> description.partitions()
                .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    static Map<TopicPartition, Long> committed(Admin admin) throws Exception {
        Map<TopicPartition, Long> committed = new HashMap<>();
        admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().forEach((tp, offset) -> {
            if (TOPICS.contains(tp.topic()) && offset != null) {
                committed.put(tp, offset.offset());
            }
        });
        return committed;
    }

}
