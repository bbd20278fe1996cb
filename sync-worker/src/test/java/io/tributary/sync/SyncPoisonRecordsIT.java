package io.tributary.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Poison records on the sync handler topic, on a real broker and a real PostgreSQL: every record that is not a
 * delivery (malformed, invalid UTF-8, 10,000-deep, a tombstone, empty, an invalid event inside) goes to
 * {@code tributary.handler.sync-dlt} with its original bytes and provenance, while the deliveries around it are
 * synced; the credentials of a target never reach a dead-letter header or the log.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class, OutputCaptureExtension.class})
@SpringBootTest
class SyncPoisonRecordsIT {

    static final String TOKEN = "sync-target-token-7f3a9c2e5b";
    static final List<String> received = new CopyOnWriteArrayList<>();
    static final HttpServer refusing = start();
    static PostgresDatabase db;

    static HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", exchange -> {
                received.add(exchange.getRequestHeaders().getFirst("Authorization"));
                exchange.getRequestBody().readAllBytes();
                byte[] answer = "{\"error\": \"email is not valid\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(422, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        refusing.stop(0);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db = PostgresExtension.database().createDatabase("sync_poison");
        db.execute("CREATE TABLE warehouse_customers (customer_id bigint PRIMARY KEY, email text)");
        KafkaCluster kafka = KafkaExtension.cluster();
        kafka.createTopics(1, "sp.handler.sync");
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        registry.add("tributary.sync.topic-prefix", () -> "sp");
        registry.add("tributary.sync.group-id", () -> "sp-worker");
        registry.add("tributary.sync.concurrency", () -> "1");
        registry.add("tributary.sync.database.url", db::jdbcUrl);
        registry.add("tributary.sync.database.user", db::user);
        registry.add("tributary.sync.database.password", db::password);
        registry.add("tributary.sync.retry.max-attempts", () -> "3");
        registry.add("tributary.sync.retry.initial-interval", () -> "PT0.2S");
        registry.add("tributary.sync.retry.max-interval", () -> "PT1S");
        registry.add("tributary.sync.targets.warehouse.provider", () -> "jdbc");
        registry.add("tributary.sync.targets.warehouse.jdbc.url", db::jdbcUrl);
        registry.add("tributary.sync.targets.warehouse.jdbc.user", db::user);
        registry.add("tributary.sync.targets.warehouse.jdbc.password", db::password);
        registry.add("tributary.sync.targets.warehouse.jdbc.table", () -> "public.warehouse_customers");
        registry.add("tributary.sync.targets.warehouse.jdbc.key-columns[0]", () -> "customer_id");
        registry.add("tributary.sync.targets.warehouse.mapping.customer_id", () -> "new.id");
        registry.add("tributary.sync.targets.warehouse.mapping.email", () -> "new.email");
        registry.add("tributary.sync.targets.refusing.provider", () -> "http");
        registry.add("tributary.sync.targets.refusing.http.base-url",
                () -> "http://127.0.0.1:" + refusing.getAddress().getPort() + "/customers");
        registry.add("tributary.sync.targets.refusing.http.headers.Authorization", () -> "Bearer " + TOKEN);
        registry.add("tributary.sync.targets.refusing.mapping.email", () -> "new.email");
    }

    private static byte[] delivery(long id, String target) {
        EventEnvelope event = EventEnvelope.fromJson(Json.parse("""
                {"specversion": "1.0", "id": "0/%X:public.customers", "source": "/postgres/shop/public/customers",
                 "type": "customers.insert", "time": "2026-11-23T08:00:00Z", "tenant": "co_1",
                 "data": {"table": "customers", "schema": "public", "operation": "INSERT", "recordId": "%d",
                          "new": {"id": %d, "email": "c%d@example.com"}, "old": null}}""".formatted(0x1000 + id, id,
                id, id)));
        Subscription subscription = Subscription.fromJson(Json.parse("{\"id\": \"sub_" + target + "\", \"name\": \""
                + target + "\", \"tenant\": \"co_1\", \"table\": \"customers\", \"type\": \"SYNC\","
                + " \"config\": {\"target\": \"" + target + "\"}}"));
        return Json.write(Delivery.of(event, subscription).toJson()).getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<Long> warehouse() throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = db.connect(); ResultSet rs = connection.createStatement()
                .executeQuery("SELECT customer_id FROM warehouse_customers ORDER BY customer_id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    @Test
    void shouldDeadLetterEveryPoisonRecordAtOnceAndSyncTheDeliveriesAroundIt(KafkaCluster kafka,
            CapturedOutput output) throws Exception {
        String invalidEvent = new String(delivery(9, "warehouse"), StandardCharsets.UTF_8)
                .replace("\"source\":\"/postgres/shop/public/customers\",", "");
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("ok-1", delivery(1, "warehouse"));
        records.put("p-malformed", "{not a delivery".getBytes(StandardCharsets.UTF_8));
        records.put("p-utf8", new byte[] {'{', '"', 'd', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'});
        records.put("p-deep", ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8));
        records.put("p-empty", new byte[0]);
        records.put("p-array", ("[" + new String(delivery(7, "warehouse"), StandardCharsets.UTF_8) + "]")
                .getBytes(StandardCharsets.UTF_8));
        records.put("p-invalid-event", invalidEvent.getBytes(StandardCharsets.UTF_8));
        records.put("p-tombstone", null);
        records.put("refused", delivery(3, "refusing"));
        records.put("ok-2", delivery(2, "warehouse"));
        Map<String, Long> offsets = new LinkedHashMap<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, byte[]> record : records.entrySet()) {
                RecordMetadata written = producer.send(new ProducerRecord<>("sp.handler.sync", record.getKey(),
                        record.getValue())).get(30, TimeUnit.SECONDS);
                offsets.put(record.getKey(), written.offset());
            }
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(warehouse()).containsExactly(1L, 2L));
        List<ConsumerRecord<String, String>> dead = kafka.consume("sp.handler.sync-dlt", 8, Duration.ofSeconds(60));
        assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("p-malformed", "p-utf8", "p-deep",
                "p-empty", "p-array", "p-invalid-event", "p-tombstone", "refused");
        for (ConsumerRecord<String, String> record : dead) {
            assertThat(header(record, "kafka_original-topic")).as(record.key()).isEqualTo("sp.handler.sync");
            assertThat(ByteBuffer.wrap(record.headers().lastHeader("kafka_original-offset").value()).getLong())
                    .as(record.key()).isEqualTo(offsets.get(record.key()));
            assertThat(header(record, "kafka_exception-fqcn")).as(record.key()).isNotBlank();
            assertThat(io.tributary.model.DeadLetterHeaders.originalOffset(record.headers())).as(record.key())
                    .isEqualTo(offsets.get(record.key()));
            assertThat(header(record, "tributary-reason-code")).as(record.key())
                    .isEqualTo(record.key().equals("refused") ? "PERMANENT_HTTP_STATUS" : "UNDECODABLE");
            assertThat(header(record, "tributary-header-encoding")).as(record.key()).isEqualTo("binary");
            byte[] original = records.get(record.key());
            assertThat(record.value()).as(record.key())
                    .isEqualTo(original == null ? null : new String(original, StandardCharsets.UTF_8));
            StringBuilder headers = new StringBuilder();
            record.headers().forEach(h -> headers.append(h.key()).append('=')
                    .append(new String(h.value(), StandardCharsets.UTF_8)).append('\n'));
            assertThat(headers.toString()).as(record.key() + " headers").doesNotContain(TOKEN);
        }
        // Dead-lettered at once: none of them went through a retry topic.
        List<String> retried = new ArrayList<>();
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.<String, Object>of("bootstrap.servers",
                kafka.bootstrapServers()))) {
            List<String> retryTopics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(topic -> topic.startsWith("sp.handler.sync-retry")).toList();
            assertThat(retryTopics).isNotEmpty();
            retryTopics.forEach(topic -> kafka.readAll(topic).forEach(record -> retried.add(record.key())));
        }
        assertThat(retried).as("records that went through a retry topic").isEmpty();
        assertThat(header(dead.stream().filter(r -> r.key().equals("p-tombstone")).findFirst().orElseThrow(),
                "kafka_exception-message")).contains("not a delivery: the record has no value");
        assertThat(header(dead.stream().filter(r -> r.key().equals("refused")).findFirst().orElseThrow(),
                "tributary-last-status")).isEqualTo("422");
        assertThat(received).as("the target got its credentials").containsOnly("Bearer " + TOKEN);
        assertThat(output.getAll()).doesNotContain(TOKEN);
    }
}
