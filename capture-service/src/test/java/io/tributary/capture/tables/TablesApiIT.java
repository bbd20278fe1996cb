package io.tributary.capture.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.capture.config.CaptureProperties;
import io.tributary.client.TablesClient;
import io.tributary.client.TributaryApiException;
import io.tributary.model.EventEnvelope;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import io.tributary.model.Operation;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tables attached and detached at runtime through the admin API, on a real PostgreSQL and a real broker, while
 * another table is written continuously: the attached table's existing rows arrive as snapshot reads, its later
 * changes as events, nothing after a detach, and no change of the other table is lost on the way.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TablesApiIT {

    static final String ADMIN = "admin-tables-key-0123";
    static final String TENANT = "acme-tables-key-01234";
    static PostgresDatabase db;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db = PostgresExtension.database().createDatabase("capture_tables");
        db.execute("""
                CREATE TABLE orders (id bigint PRIMARY KEY, company_id text, total numeric(12,2));
                ALTER TABLE orders REPLICA IDENTITY FULL;
                INSERT INTO orders VALUES (1, 'co_1', 10.50), (2, 'co_2', 20.00), (3, 'co_1', 30.25);
                CREATE TABLE notes (id int PRIMARY KEY, body text);
                CREATE TABLE plain (body text);
                """);
        try (var in = TablesApiIT.class.getResourceAsStream("/db/tributary_outbox.sql")) {
            db.execute(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        KafkaExtension.cluster().createTopics(1, "tables.events");
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaExtension.cluster().bootstrapServers());
        registry.add("tributary.capture.database.host", db::host);
        registry.add("tributary.capture.database.port", db::port);
        registry.add("tributary.capture.database.name", db::databaseName);
        registry.add("tributary.capture.database.user", db::user);
        registry.add("tributary.capture.database.password", db::password);
        registry.add("tributary.capture.slot-name", () -> "tables_slot");
        registry.add("tributary.capture.publication-name", () -> "tables_pub");
        registry.add("tributary.capture.topic-prefix", () -> "tables");
        registry.add("tributary.capture.offsets-topic", () -> "tables.capture-offsets");
        registry.add("tributary.capture.tables-topic", () -> "tables.capture-tables");
        registry.add("tributary.capture.tables[0].name", () -> "public.notes");
        registry.add("tributary.ingest.topic-prefix", () -> "tables");
        registry.add("tributary.api.keys[0].key", () -> ADMIN);
        registry.add("tributary.api.keys[0].admin", () -> "true");
        registry.add("tributary.api.keys[1].key", () -> TENANT);
        registry.add("tributary.api.keys[1].tenant", () -> "acme");
    }

    @AfterEach
    void stopCaptureAndDropSlot() {
        context.getBean("captureLifecycle", org.springframework.context.SmartLifecycle.class).stop();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                db.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'tables_slot'"));
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    CaptureProperties captureProperties;

    @Autowired
    ConfigurableApplicationContext context;

    private final HttpClient http = HttpClient.newHttpClient();

    record Reply(int status, JsonNode body) {
    }

    private Reply call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body().isBlank() ? null : Json.parse(response.body()));
    }

    private static void awaitStreaming() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (Connection connection = db.connect();
                    ResultSet rs = connection.createStatement().executeQuery(
                            "SELECT active FROM pg_replication_slots WHERE slot_name = 'tables_slot'")) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    private static List<EventEnvelope> events(KafkaCluster kafka) {
        return kafka.readAll("tables.events").stream()
                .map(record -> EventEnvelope.fromJson(Json.parse(record.value()))).toList();
    }

    @Test
    void shouldAttachSnapshotAndDetachTablesWhileOtherTablesKeepFlowing(KafkaCluster kafka) throws Exception {
        awaitStreaming();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger notes = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                int id = notes.incrementAndGet();
                db.execute("INSERT INTO notes VALUES (" + id + ", 'note " + id + "')");
            }
        }, "notes-writer");
        writer.start();
        try {
            Reply attached = call("POST", "/v1/tables", ADMIN,
                    "{\"name\": \"public.orders\", \"tenantColumn\": \"company_id\", \"snapshot\": true}");
            assertThat(attached.status()).isEqualTo(201);
            assertThat(attached.body().get("replicaIdentity").asText()).isEqualTo("full");
            assertThat(attached.body().get("warnings")).isEmpty();
            assertThat(attached.body().get("snapshot").asBoolean()).isTrue();
            // Written right after the attach returned: must be captured.
            db.execute("INSERT INTO orders VALUES (4, 'co_2', 40.00)");
            db.execute("UPDATE orders SET total = 11.00 WHERE id = 1");

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<EventEnvelope> orders = events(kafka).stream()
                        .filter(e -> e.source().endsWith("/public/orders")).toList();
                // Rows changed while the snapshot reads them are represented by their live change instead of a read.
                assertThat(orders.stream().filter(e -> e.operation() == Operation.READ).map(EventEnvelope::recordId)
                        .collect(Collectors.toSet())).contains("2", "3").isSubsetOf("1", "2", "3", "4");
                assertThat(orders.stream().map(EventEnvelope::recordId).collect(Collectors.toSet()))
                        .containsExactlyInAnyOrder("1", "2", "3", "4");
                assertThat(orders).filteredOn(e -> e.operation() == Operation.INSERT)
                        .extracting(EventEnvelope::recordId).containsExactly("4");
                assertThat(orders).filteredOn(e -> e.operation() == Operation.UPDATE)
                        .extracting(EventEnvelope::recordId).containsExactly("1");
            });
            // The snapshot's progress, from Debezium's own notifications: completed, with the rows it scanned (the
            // three rows there at the attach, and the fourth when it was inserted before its chunk was read).
            String signal = attached.body().get("snapshotSignal").asText();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode orders = null;
                for (JsonNode item : call("GET", "/v1/tables", ADMIN, null).body().get("items")) {
                    if (item.get("name").asText().equals("public.orders")) {
                        orders = item;
                    }
                }
                assertThat(orders).isNotNull();
                JsonNode progress = orders.get("snapshotProgress");
                assertThat(progress).as("public.orders' snapshot progress").isNotNull();
                assertThat(progress.get("signal").asText()).isEqualTo(signal);
                assertThat(progress.get("state").asText()).isEqualTo("COMPLETED");
                assertThat(progress.get("rowsScanned").asLong()).isBetween(3L, 4L);
            });
        } finally {
            writing.set(false);
            writer.join();
        }
        List<EventEnvelope> all = events(kafka);
        EventEnvelope read2 = all.stream().filter(e -> e.operation() == Operation.READ && "2".equals(e.recordId()))
                .findFirst().orElseThrow();
        assertThat(read2.type()).isEqualTo("orders.read");
        assertThat(read2.tenant()).isEqualTo("co_2");
        assertThat(Json.write(read2.newRow().get("total"))).isEqualTo("20.00");
        assertThat(all).noneMatch(e -> e.source().endsWith("/tributary_signal"));

        // Every note written before, during and after the attach was captured.
        int written = notes.get();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(events(kafka).stream()
                .filter(e -> e.source().endsWith("/public/notes")).map(EventEnvelope::recordId)
                .collect(Collectors.toSet())).hasSize(written));
        assertThat(written).as("notes written during the attach").isGreaterThan(1);

        TablesClient client = new TablesClient("http://127.0.0.1:" + port, ADMIN);
        JsonNode plain = client.attach("public.plain", null, false);
        // Its replica identity was DEFAULT: set FULL, so its DELETE events carry the whole old row.
        assertThat(plain.get("replicaIdentity").asText()).isEqualTo("full");
        assertThat(plain.get("replicaIdentitySetFull").toString()).isEqualTo("[\"public.plain\"]");
        assertThat(plain.get("warnings")).hasSize(1);
        assertThat(plain.get("warnings").get(0).asText()).startsWith("no primary key");
        assertThatThrownBy(() -> client.attach("public.plain", "nope", false))
                .isInstanceOfSatisfying(TributaryApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.details()).extracting(FieldError::path).containsExactly("tenantColumn");
                });

        Reply again = call("POST", "/v1/tables", ADMIN, "{\"name\": \"public.notes\"}");
        assertThat(again.status()).isEqualTo(200);
        // A configured table got REPLICA IDENTITY FULL when the capture started.
        assertThat(again.body().get("replicaIdentity").asText()).isEqualTo("full");
        assertThat(again.body().get("replicaIdentitySetFull").toString()).isEqualTo("[]");

        Reply missing = call("POST", "/v1/tables", ADMIN, "{\"name\": \"public.missing\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().at("/details/0/path").asText()).isEqualTo("name");
        assertThat(missing.body().at("/details/0/reason").asText()).contains("has no table public.missing");
        Reply badBody = call("POST", "/v1/tables", ADMIN, "{\"name\": 7, \"snapshot\": \"yes\", \"extra\": 1}");
        assertThat(badBody.status()).isEqualTo(400);
        assertThat(badBody.body().get("details").findValuesAsText("path"))
                .containsExactlyInAnyOrder("extra", "name", "snapshot");
        Reply notAnObject = call("POST", "/v1/tables", ADMIN, "\"public.plain\"");
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(notAnObject.body().get("error").asText()).isEqualTo("the body must be a JSON object such as"
                + " {\"name\": \"public.orders\", \"tenantColumn\": \"company_id\", \"snapshot\": false}");
        Reply tooLarge = call("POST", "/v1/tables", ADMIN, "{\"name\": \"" + "x".repeat(16 * 1024) + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body().get("error").asText()).isEqualTo("the body is 16396 bytes; at most 16384 are"
                + " accepted");

        // The slot's lag is read on every scrape, also after a garbage collection (a gauge keeps its reader).
        System.gc();
        String scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher slotLag = java.util.regex.Pattern.compile(
                "(?m)^tributary_capture_slot_lag_bytes\\{[^}]*\\} (\\S+)$").matcher(scrape);
        assertThat(slotLag.find()).as("the slot lag gauge").isTrue();
        assertThat(Double.parseDouble(slotLag.group(1))).isNotNaN().isGreaterThanOrEqualTo(0);
        assertThat(call("POST", "/v1/tables", TENANT, "{\"name\": \"public.plain\"}").status()).isEqualTo(403);
        assertThat(call("GET", "/v1/tables", null, null).status()).isEqualTo(401);

        assertThat(client.list()).extracting(t -> t.get("name").asText() + " " + t.get("origin").asText())
                .containsExactly("public.notes configuration", "public.orders attached", "public.plain attached");

        // A restarted capture reads the attached tables back from the tables topic.
        try (CaptureTables restarted = new CaptureTables(captureProperties, kafka.bootstrapServers())) {
            restarted.load();
            assertThat(restarted.list()).extracting(CapturedTable::name)
                    .containsExactly("public.notes", "public.orders", "public.plain");
            assertThat(restarted.tenantColumns().forTable("public", "orders")).isEqualTo("company_id");
        }

        client.detach("public.orders");
        assertThat(call("DELETE", "/v1/tables/public.orders", ADMIN, null).status()).isEqualTo(404);
        assertThat(call("DELETE", "/v1/tables/public.notes", ADMIN, null).status()).isEqualTo(409);
        db.execute("INSERT INTO orders VALUES (5, 'co_1', 50.00)");
        db.execute("INSERT INTO notes VALUES (1000000, 'marker')");
        await().atMost(Duration.ofSeconds(60)).until(() -> events(kafka).stream()
                .anyMatch(e -> "1000000".equals(e.recordId())));
        assertThat(events(kafka)).noneMatch(e -> e.source().endsWith("/public/orders") && "5".equals(e.recordId()));
        assertThat(publicationTables()).containsExactlyInAnyOrder("public.notes", "public.plain",
                "public.tributary_outbox", "public.tributary_signal");
    }

    private static Set<String> publicationTables() throws Exception {
        return new TableCatalog(new CaptureProperties.Database(db.host(), db.port(), db.databaseName(), db.user(),
                db.password())).publicationTables("tables_pub").orElseThrow();
    }
}
