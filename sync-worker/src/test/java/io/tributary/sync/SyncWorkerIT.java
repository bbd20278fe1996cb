package io.tributary.sync;

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
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * The sync-worker on a real broker, with a real PostgreSQL as JDBC target and source, and a real HTTP server on
 * loopback as REST target: inserts, updates and deletes reach both; the REST record is created once and then
 * updated through its stored external id; replaying the same deliveries changes nothing; a failing target is
 * retried and dead-lettered, a refusing one dead-lettered at once.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
@SpringBootTest
class SyncWorkerIT {

    static final List<String> calls = new CopyOnWriteArrayList<>();
    static final AtomicInteger created = new AtomicInteger();
    static final HttpServer accounting = start();
    static PostgresDatabase db;

    static HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", SyncWorkerIT::handle);
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        calls.add(exchange.getRequestMethod() + " " + path + " " + body);
        byte[] answer = new byte[0];
        int status;
        if (path.startsWith("/fail")) {
            status = 500;
        } else if (path.startsWith("/reject")) {
            status = 422;
        } else if (exchange.getRequestMethod().equals("POST")) {
            status = 201;
            answer = ("{\"id\": \"ext-" + created.incrementAndGet() + "\"}").getBytes(StandardCharsets.UTF_8);
        } else {
            status = exchange.getRequestMethod().equals("DELETE") ? 204 : 200;
        }
        exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
        }
        exchange.close();
    }

    @AfterAll
    static void stop() {
        accounting.stop(0);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db = PostgresExtension.database().createDatabase("sync_worker");
        db.execute("""
                CREATE TABLE customers (id bigint PRIMARY KEY, email text, name text, balance numeric(12,2));
                CREATE TABLE warehouse_customers (customer_id bigint PRIMARY KEY, email text, name text,
                  balance numeric(12,2), synced_from text);
                """);
        KafkaCluster kafka = KafkaExtension.cluster();
        kafka.createTopics(1, "sy.handler.sync");
        String base = "http://127.0.0.1:" + accounting.getAddress().getPort();
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        registry.add("tributary.sync.topic-prefix", () -> "sy");
        registry.add("tributary.sync.group-id", () -> "sy-worker");
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
        registry.add("tributary.sync.targets.warehouse.mapping.name", () -> "new.name");
        registry.add("tributary.sync.targets.warehouse.mapping.balance", () -> "new.balance");
        registry.add("tributary.sync.targets.warehouse.mapping.synced_from", () -> "id");
        registry.add("tributary.sync.targets.accounting.provider", () -> "http");
        registry.add("tributary.sync.targets.accounting.fetch-current-row", () -> "true");
        registry.add("tributary.sync.targets.accounting.http.base-url", () -> base + "/customers");
        registry.add("tributary.sync.targets.accounting.http.headers.Authorization", () -> "Bearer acct-token");
        registry.add("tributary.sync.targets.accounting.mapping.email", () -> "new.email");
        registry.add("tributary.sync.targets.accounting.mapping.displayName", () -> "new.name");
        registry.add("tributary.sync.targets.failing.provider", () -> "http");
        registry.add("tributary.sync.targets.failing.http.base-url", () -> base + "/fail");
        registry.add("tributary.sync.targets.failing.mapping.email", () -> "new.email");
        registry.add("tributary.sync.targets.refusing.provider", () -> "http");
        registry.add("tributary.sync.targets.refusing.http.base-url", () -> base + "/reject");
        registry.add("tributary.sync.targets.refusing.mapping.email", () -> "new.email");
    }

    private static int lsn = 0x1000;

    private static EventEnvelope change(String operation, long id, String email, String name, String balance) {
        lsn += 0x100;
        String row = email == null ? "null" : "{\"id\": " + id + ", \"email\": \"" + email + "\", \"name\": \"" + name
                + "\", \"balance\": " + balance + "}";
        String newRow = operation.equals("DELETE") ? "null" : row;
        String oldRow = operation.equals("INSERT") ? "null" : "{\"id\": " + id + "}";
        return EventEnvelope.fromJson(Json.parse("""
                {"specversion": "1.0", "id": "0/%X:public.customers", "source": "/postgres/shop/public/customers",
                 "type": "customers.%s", "time": "2026-11-23T08:00:00Z", "tenant": "co_1",
                 "data": {"table": "customers", "schema": "public", "operation": "%s", "recordId": "%d",
                          "new": %s, "old": %s}}""".formatted(lsn, operation.toLowerCase(), operation, id, newRow,
                oldRow)));
    }

    private static Delivery delivery(EventEnvelope event, String target) {
        Subscription subscription = Subscription.fromJson(Json.parse("{\"id\": \"sub_" + target + "\", \"name\": \""
                + target + "\", \"tenant\": \"co_1\", \"table\": \"customers\", \"type\": \"SYNC\","
                + " \"config\": {\"target\": \"" + target + "\"}}"));
        return Delivery.of(event, subscription);
    }

    private static void send(KafkaCluster kafka, List<Delivery> deliveries) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), TributarySerdes.delivery().serializer())) {
            for (Delivery delivery : deliveries) {
                producer.send(new ProducerRecord<>("sy.handler.sync", delivery.recordKey(), delivery))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> warehouse() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = db.connect(); ResultSet rs = connection.createStatement().executeQuery(
                "SELECT customer_id, email, name, balance FROM warehouse_customers ORDER BY customer_id")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getBigDecimal(4));
            }
        }
        return rows;
    }

    private static String mapping(String provider, String recordId) throws Exception {
        try (Connection connection = db.connect(); ResultSet rs = connection.createStatement().executeQuery(
                "SELECT external_id, status FROM external_integration_mapping WHERE provider = '" + provider
                        + "' AND record_id = '" + recordId + "'")) {
            return rs.next() ? rs.getString(1) + " " + rs.getString(2) : null;
        }
    }

    @Test
    void shouldSyncInsertsUpdatesAndDeletesOnceEachAndDeadLetterWhatCannotBeSynced(KafkaCluster kafka)
            throws Exception {
        db.execute("INSERT INTO customers VALUES (1, 'ada@example.com', 'Ada L.', 10.50),"
                + " (2, 'grace@example.com', 'Grace H.', 0)");
        EventEnvelope insert1 = change("INSERT", 1, "ada@example.com", "Ada", "10.50");
        EventEnvelope insert2 = change("INSERT", 2, "grace@example.com", "Grace H.", "0");
        EventEnvelope update1 = change("UPDATE", 1, "ada@example.com", "Ada L.", "10.50");
        EventEnvelope delete2 = change("DELETE", 2, null, null, null);
        List<Delivery> all = List.of(delivery(insert1, "warehouse"), delivery(insert1, "accounting"),
                delivery(insert2, "warehouse"), delivery(insert2, "accounting"),
                delivery(update1, "warehouse"), delivery(update1, "accounting"));
        send(kafka, all);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(warehouse()).containsExactly(
                "1 ada@example.com Ada L. 10.50", "2 grace@example.com Grace H. 0.00"));
        await().atMost(Duration.ofSeconds(60)).until(() -> calls.stream().filter(c -> c.startsWith("PUT")).count() == 1);
        // The source row is deleted before its delete is synced.
        db.execute("DELETE FROM customers WHERE id = 2");
        send(kafka, List.of(delivery(delete2, "warehouse"), delivery(delete2, "accounting")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(warehouse()).containsExactly("1 ada@example.com Ada L. 10.50");
            assertThat(calls).anyMatch(c -> c.startsWith("DELETE /customers/ext-2"));
        });

        List<String> accountingCalls = calls.stream().filter(c -> c.contains("/customers")).toList();
        assertThat(accountingCalls).extracting(c -> c.substring(0, c.indexOf(' ', c.indexOf(' ') + 1)))
                .containsExactlyInAnyOrder("POST /customers", "POST /customers", "PUT /customers/ext-1",
                        "DELETE /customers/ext-2");
        // With fetch-current-row, the accounting system got the row as it is now, not as the insert carried it.
        assertThat(accountingCalls).filteredOn(c -> c.startsWith("POST") && c.contains("ada"))
                .singleElement().satisfies(c -> assertThat(c).contains("\"displayName\":\"Ada L.\""));
        assertThat(mapping("accounting", "1")).isEqualTo("ext-1 SYNCED");
        assertThat(mapping("accounting", "2")).isEqualTo("ext-2 DELETED");
        assertThat(mapping("warehouse", "1")).isEqualTo("[1] SYNCED");

        // Replaying every delivery, the deletes included, creates and changes nothing.
        int before = calls.size();
        List<Delivery> replay = new ArrayList<>(all);
        replay.add(delivery(delete2, "warehouse"));
        replay.add(delivery(delete2, "accounting"));
        send(kafka, replay);
        EventEnvelope marker = change("INSERT", 3, "linus@example.com", "Linus", "1");
        send(kafka, List.of(delivery(marker, "warehouse")));
        await().atMost(Duration.ofSeconds(60)).until(() -> warehouse().size() == 2);
        assertThat(calls).hasSize(before);
        assertThat(warehouse()).containsExactly("1 ada@example.com Ada L. 10.50", "3 linus@example.com Linus 1.00");

        // A target that keeps failing is retried, then dead-lettered; one that refuses is dead-lettered at once.
        send(kafka, List.of(delivery(marker, "failing"), delivery(marker, "refusing"), delivery(marker, "nowhere")));
        List<ConsumerRecord<String, String>> dead = kafka.consume("sy.handler.sync-dlt", 3, Duration.ofSeconds(60));
        assertThat(dead).extracting(r -> Json.parse(r.value()).at("/subscription/id").asText() + " "
                + new String(r.headers().lastHeader("tributary-last-status").value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("sub_failing 500", "sub_refusing 422", "sub_nowhere 0");
        assertThat(calls.stream().filter(c -> c.startsWith("POST /fail")).count()).as("every attempt").isEqualTo(3);
        assertThat(calls.stream().filter(c -> c.startsWith("POST /reject")).count()).isEqualTo(1);
        assertThat(new String(dead.stream().filter(r -> r.value().contains("sub_nowhere")).findFirst().orElseThrow()
                .headers().lastHeader("kafka_exception-message").value(), StandardCharsets.UTF_8))
                .contains("'nowhere' names no target");
    }
}
