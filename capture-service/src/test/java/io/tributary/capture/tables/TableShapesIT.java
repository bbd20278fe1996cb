package io.tributary.capture.tables;

import static io.tributary.capture.ReplicationSlots.awaitStreaming;
import static io.tributary.capture.ReplicationSlots.dropSlot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.capture.config.CaptureProperties;
import io.tributary.capture.engine.CaptureEngine;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Operation;
import io.tributary.model.Subscription;
import io.tributary.model.SubscriptionMatcher;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.TributaryInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The shapes of tables and changes that real databases hold, attached at runtime and captured from a real
 * PostgreSQL to a real broker: mixed-case names, partitioned tables, DELETE on a table that had the default replica
 * identity, a column added while streaming, TRUNCATE, generated columns and tables created after the capture
 * started, snapshotted.
 */
@TributaryInfrastructure
class TableShapesIT {

    /** A running capture of one database: its tables and its engine, closed together. */
    record Capture(CaptureTables tables, CaptureEngine engine) implements AutoCloseable {
        @Override
        public void close() {
            engine.close();
            tables.close();
        }
    }

    static CaptureProperties properties(PostgresDatabase db, String name, Map<String, String> more) {
        Map<String, String> values = new HashMap<>(Map.of(
                "tributary.capture.database.host", db.host(),
                "tributary.capture.database.port", Integer.toString(db.port()),
                "tributary.capture.database.name", db.databaseName(),
                "tributary.capture.database.user", db.user(),
                "tributary.capture.database.password", db.password() == null ? "" : db.password(),
                "tributary.capture.slot-name", name + "_slot",
                "tributary.capture.publication-name", name + "_pub",
                "tributary.capture.topic-prefix", name,
                "tributary.capture.offsets-topic", name + ".capture-offsets",
                "tributary.capture.tables-topic", name + ".capture-tables"));
        values.put("tributary.capture.outbox-table", "");
        values.put("tributary.capture.subscription-table", "");
        values.putAll(more);
        return new Binder(new MapConfigurationPropertySource(values)).bind("tributary.capture", CaptureProperties.class)
                .get();
    }

    static Capture start(KafkaCluster kafka, PostgresDatabase db, CaptureProperties properties) {
        kafka.createTopics(1, properties.topicPrefix() + ".events");
        CaptureTables tables = new CaptureTables(properties, kafka.bootstrapServers());
        CaptureEngine engine = new CaptureEngine(properties, tables, kafka.bootstrapServers(), new SimpleMeterRegistry());
        engine.start();
        awaitStreaming(db, properties.slotName());
        return new Capture(tables, engine);
    }

    static List<ConsumerRecord<String, String>> records(KafkaCluster kafka, String topic, int count) {
        List<ConsumerRecord<String, String>> records = kafka.consume(topic, count, Duration.ofSeconds(60));
        assertThat(records).as("records on " + topic).hasSizeGreaterThanOrEqualTo(count);
        return records;
    }

    static EventEnvelope event(ConsumerRecord<String, String> record) {
        return EventEnvelope.fromJson(Json.parse(record.value()));
    }

    static SubscriptionMatcher subscription(String json) {
        return SubscriptionMatcher.compile(Subscription.fromJson(Json.parse(json)));
    }

    @Test
    void shouldCaptureCamelCaseTableAsTypedWithItsTenantThroughDeleteAddedColumnAndTruncate(KafkaCluster kafka,
            PostgresDatabase server) {
        PostgresDatabase db = server.createDatabase("shapes_camel");
        db.execute("""
                CREATE TABLE "salesOrder" (id bigint PRIMARY KEY, "companyId" text, status text, amount numeric(10,2));
                INSERT INTO "salesOrder" VALUES (1, 'co_1', 'draft', 10.00);
                """);
        CaptureProperties properties = properties(db, "camel", Map.of());
        try (Capture capture = start(kafka, db, properties)) {
            CaptureTables.Attachment attached = capture.tables().attach("public.\"salesOrder\"", "companyId", false);
            assertThat(attached.table()).isEqualTo(new CapturedTable("public.salesOrder", "companyId", false));
            assertThat(attached.created()).isTrue();
            assertThat(attached.replicaIdentitySetFull()).containsExactly("public.salesOrder");
            assertThat(attached.info().replicaIdentityName()).isEqualTo("full");
            assertThat(attached.info().warnings()).isEmpty();
            // Every spelling a user types names the same table, and attaching it again changes nothing.
            for (String typed : List.of("salesOrder", "public.salesOrder", "public.salesorder", "\"salesOrder\"")) {
                CaptureTables.Attachment again = capture.tables().attach(typed, "\"companyId\"", false);
                assertThat(again.table()).as(typed).isEqualTo(attached.table());
                assertThat(again.created()).as(typed).isFalse();
                assertThat(again.replicaIdentitySetFull()).as(typed).isEmpty();
            }
            assertThat(capture.tables().list()).containsExactly(attached.table());
            assertThatThrownBy(() -> capture.tables().attach("public.\"salesorder\"", null, false))
                    .isInstanceOfSatisfying(CaptureTables.TableException.class, e -> {
                        assertThat(e.field()).isEqualTo("name");
                        assertThat(e.getMessage()).isEqualTo("database " + db.databaseName()
                                + " has no table public.\"salesorder\"");
                    });
            assertThatThrownBy(() -> capture.tables().attach("public.salesOrder", "\"companyid\"", false))
                    .isInstanceOfSatisfying(CaptureTables.TableException.class, e -> {
                        assertThat(e.field()).isEqualTo("tenantColumn");
                        assertThat(e.getMessage()).startsWith("table public.salesOrder has no column \"companyid\"");
                    });

            db.execute("""
                    INSERT INTO "salesOrder" VALUES (2, 'co_2', 'open', 20.00);
                    UPDATE "salesOrder" SET status = 'paid' WHERE id = 2;
                    ALTER TABLE "salesOrder" ADD COLUMN "dueOn" date;
                    UPDATE "salesOrder" SET "dueOn" = '2026-03-01' WHERE id = 2;
                    DELETE FROM "salesOrder" WHERE id = 2;
                    TRUNCATE "salesOrder";
                    """);
            List<ConsumerRecord<String, String>> records = records(kafka, "camel.events", 5);
            List<EventEnvelope> events = records.stream().map(TableShapesIT::event).toList();
            assertThat(events).extracting(EventEnvelope::type).containsExactly("salesOrder.insert",
                    "salesOrder.update", "salesOrder.update", "salesOrder.delete", "salesOrder.truncate");
            String source = "/postgres/" + db.databaseName() + "/public/salesOrder";
            String rowKey = "co_2/" + source + "/2";
            for (int i = 0; i < 4; i++) {
                assertThat(events.get(i).tenant()).as(events.get(i).type()).isEqualTo("co_2");
                assertThat(events.get(i).recordId()).isEqualTo("2");
                assertThat(records.get(i).key()).isEqualTo(rowKey);
                assertThat(events.get(i).source()).isEqualTo(source);
                assertThat(events.get(i).id()).matches("[0-9A-F]+/[0-9A-F]+:public\\.salesOrder");
            }
            assertThat(events).extracting(EventEnvelope::id).doesNotHaveDuplicates();
            assertThat(Json.write(events.get(0).newRow()))
                    .isEqualTo("{\"id\":2,\"companyId\":\"co_2\",\"status\":\"open\",\"amount\":20.00}");
            assertThat(Json.write(events.get(2).newRow())).isEqualTo(
                    "{\"id\":2,\"companyId\":\"co_2\",\"status\":\"paid\",\"amount\":20.00,\"dueOn\":\"2026-03-01\"}");
            assertThat(Json.write(events.get(2).data().get("changed"))).isEqualTo("[\"dueOn\"]");
            assertThat(events.get(3).newRow()).isNull();
            assertThat(Json.write(events.get(3).oldRow())).isEqualTo(
                    "{\"id\":2,\"companyId\":\"co_2\",\"status\":\"paid\",\"amount\":20.00,\"dueOn\":\"2026-03-01\"}");
            EventEnvelope truncate = events.get(4);
            assertThat(truncate.tenant()).isNull();
            assertThat(truncate.operation()).isEqualTo(Operation.TRUNCATE);
            assertThat(truncate.source()).isEqualTo(source);

            // Routing: a DELETE reaches every subscription its row's INSERT and UPDATE reached; TRUNCATE reaches
            // only global subscriptions that list it in operations.
            SubscriptionMatcher tenantTable = subscription("""
                    {"id": "s1", "name": "n1", "tenant": "co_2", "table": "salesOrder", "type": "WEBHOOK",
                     "config": {"url": "https://hooks.example.com/a"}}""");
            SubscriptionMatcher paid = subscription("""
                    {"id": "s2", "name": "n2", "tenant": "co_2", "table": "public.salesOrder", "type": "WEBHOOK",
                     "filter": {"status": "paid"}, "config": {"url": "https://hooks.example.com/a"}}""");
            SubscriptionMatcher truncations = subscription("""
                    {"id": "s3", "name": "n3", "tenant": null, "table": "salesOrder", "type": "WEBHOOK",
                     "operations": ["TRUNCATE"], "config": {"url": "https://hooks.example.com/a"}}""");
            SubscriptionMatcher otherTenant = subscription("""
                    {"id": "s4", "name": "n4", "tenant": "co_1", "table": "salesOrder", "type": "WEBHOOK",
                     "config": {"url": "https://hooks.example.com/a"}}""");
            assertThat(events.stream().map(e -> (tenantTable.matches(e) ? "t" : "-") + (paid.matches(e) ? "p" : "-")
                    + (truncations.matches(e) ? "T" : "-") + (otherTenant.matches(e) ? "o" : "-")).toList())
                    .containsExactly("t---", "tp--", "tp--", "tp--", "--T-");
        } finally {
            dropSlot(db, properties.slotName());
        }
    }

    @Test
    void shouldCapturePartitionedTableAsItsParentAndAttachItTwice(KafkaCluster kafka, PostgresDatabase server)
            throws Exception {
        PostgresDatabase db = server.createDatabase("shapes_parts");
        db.execute("""
                CREATE TABLE events_log (id bigint, tenant text, at date, body text, PRIMARY KEY (id, at))
                  PARTITION BY RANGE (at);
                CREATE TABLE events_log_2025 PARTITION OF events_log FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                CREATE TABLE events_log_2026 PARTITION OF events_log FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                """);
        CaptureProperties properties = properties(db, "parts", Map.of());
        try (Capture capture = start(kafka, db, properties)) {
            CaptureTables.Attachment attached = capture.tables().attach("public.events_log", "tenant", false);
            assertThat(attached.created()).isTrue();
            assertThat(attached.replicaIdentitySetFull())
                    .containsExactly("public.events_log", "public.events_log_2025", "public.events_log_2026");
            assertThat(attached.info().warnings()).isEmpty();
            CaptureTables.Attachment again = capture.tables().attach("public.events_log", "tenant", false);
            assertThat(again.created()).isFalse();
            assertThat(again.replicaIdentitySetFull()).isEmpty();
            assertThat(again.table()).isEqualTo(attached.table());
            assertThat(capture.tables().catalog().publicationTables("parts_pub").orElseThrow())
                    .containsExactlyInAnyOrder("public.events_log", "public.tributary_signal");

            db.execute("""
                    INSERT INTO events_log VALUES (1, 'co_1', '2025-06-01', 'a'), (2, 'co_2', '2026-06-01', 'b');
                    UPDATE events_log SET body = 'c' WHERE id = 2;
                    DELETE FROM events_log WHERE id = 1;
                    """);
            List<ConsumerRecord<String, String>> records = records(kafka, "parts.events", 4);
            List<EventEnvelope> events = records.stream().map(TableShapesIT::event).toList();
            assertThat(events).extracting(EventEnvelope::type).containsExactly("events_log.insert",
                    "events_log.insert", "events_log.update", "events_log.delete");
            assertThat(events).extracting(EventEnvelope::tenant).containsExactly("co_1", "co_2", "co_2", "co_1");
            assertThat(events).extracting(EventEnvelope::recordId)
                    .containsExactly("1:2025-06-01", "2:2026-06-01", "2:2026-06-01", "1:2025-06-01");
            String source = "/postgres/" + db.databaseName() + "/public/events_log";
            assertThat(records).extracting(ConsumerRecord::key).containsExactly("co_1/" + source + "/1:2025-06-01",
                    "co_2/" + source + "/2:2026-06-01", "co_2/" + source + "/2:2026-06-01",
                    "co_1/" + source + "/1:2025-06-01");
            assertThat(events).extracting(EventEnvelope::id).allMatch(id -> id.endsWith(":public.events_log"))
                    .doesNotHaveDuplicates();
            assertThat(Json.write(events.get(3).oldRow()))
                    .isEqualTo("{\"id\":1,\"tenant\":\"co_1\",\"at\":\"2025-06-01\",\"body\":\"a\"}");
        } finally {
            dropSlot(db, properties.slotName());
        }
    }

    @Test
    void shouldSnapshotGeneratedColumnsAndTablesCreatedAfterStartAndStartAgain(KafkaCluster kafka,
            PostgresDatabase server) {
        PostgresDatabase db = server.createDatabase("shapes_snap");
        db.execute("""
                CREATE TABLE items (id int PRIMARY KEY, tenant text, price numeric(10,2), qty int,
                  total numeric(12,2) GENERATED ALWAYS AS (price * qty) STORED);
                INSERT INTO items VALUES (1, 'co_1', 2.50, 4), (2, 'co_2', 1.25, 2);
                """);
        CaptureProperties properties = properties(db, "snap", Map.of());
        try {
            try (Capture capture = start(kafka, db, properties)) {
                capture.tables().attach("public.items", "tenant", true);
                db.execute("""
                        CREATE TABLE "lateRows" (id int PRIMARY KEY, tenant text, body text);
                        INSERT INTO "lateRows" VALUES (1, 'co_1', 'one'), (2, 'co_2', 'two');
                        """);
                capture.tables().attach("lateRows", "tenant", true);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        kafka.readAll("snap.events").stream().map(TableShapesIT::event)
                                .map(e -> e.type() + " " + e.recordId() + " " + e.tenant() + " " + Json.write(e.newRow()))
                                .toList()).containsExactlyInAnyOrder(
                                "items.read 1 co_1 {\"id\":1,\"tenant\":\"co_1\",\"price\":2.50,\"qty\":4}",
                                "items.read 2 co_2 {\"id\":2,\"tenant\":\"co_2\",\"price\":1.25,\"qty\":2}",
                                "lateRows.read 1 co_1 {\"id\":1,\"tenant\":\"co_1\",\"body\":\"one\"}",
                                "lateRows.read 2 co_2 {\"id\":2,\"tenant\":\"co_2\",\"body\":\"two\"}"));
            }
            // A capture started again streams on: nothing of the snapshots is left to fail it.
            try (Capture capture = start(kafka, db, properties)) {
                db.execute("INSERT INTO items VALUES (3, 'co_3', 3.00, 3); INSERT INTO \"lateRows\" VALUES (3, 'co_3', 'three')");
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        kafka.readAll("snap.events").stream().map(TableShapesIT::event)
                                .filter(e -> e.operation() == Operation.INSERT)
                                .map(e -> e.type() + " " + e.recordId() + " " + e.tenant()).toList())
                        .containsExactly("items.insert 3 co_3", "lateRows.insert 3 co_3"));
                // PostgreSQL's logical replication leaves generated columns out of a change, so snapshot reads do too.
                assertThat(kafka.readAll("snap.events").stream().map(TableShapesIT::event)
                        .filter(e -> e.type().equals("items.insert")).map(e -> Json.write(e.newRow())).toList())
                        .containsExactly("{\"id\":3,\"tenant\":\"co_3\",\"price\":3.00,\"qty\":3}");
                assertThat(capture.tables().list()).extracting(CapturedTable::name)
                        .containsExactly("public.items", "public.lateRows");
            }
            assertThat(kafka.readAll("snap.events")).hasSize(6);
        } finally {
            dropSlot(db, properties.slotName());
        }
    }

    @Test
    void shouldSetReplicaIdentityOfConfiguredTablesAtStart(KafkaCluster kafka, PostgresDatabase server) {
        PostgresDatabase db = server.createDatabase("shapes_config");
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, tenant text)");
        CaptureProperties properties = properties(db, "config", Map.of(
                "tributary.capture.tables[0].name", "public.accounts",
                "tributary.capture.tables[0].tenant-column", "tenant"));
        try (CaptureTables tables = new CaptureTables(properties, kafka.bootstrapServers())) {
            tables.load();
            assertThat(tables.inspect("public.accounts").orElseThrow().replicaIdentityName()).isEqualTo("full");
        }
    }

    @Test
    void shouldRefuseWithTheStatementToRunWhenTheUserMayNotSetReplicaIdentity(KafkaCluster kafka,
            PostgresDatabase server) {
        PostgresDatabase db = server.createDatabase("shapes_owner");
        db.execute("""
                CREATE TABLE "Invoices" (id int PRIMARY KEY, tenant text);
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'shapes_capture') THEN
                    CREATE ROLE shapes_capture LOGIN PASSWORD 'shapes';
                  END IF;
                END $$;
                GRANT SELECT ON "Invoices" TO shapes_capture;
                """);
        db.execute("GRANT CREATE ON DATABASE " + db.databaseName() + " TO shapes_capture");
        db.execute("GRANT CREATE ON SCHEMA public TO shapes_capture");
        Map<String, String> user = Map.of("tributary.capture.database.user", "shapes_capture",
                "tributary.capture.database.password", "shapes");
        CaptureProperties properties = properties(db, "owner", user);
        try (CaptureTables tables = new CaptureTables(properties, kafka.bootstrapServers())) {
            tables.load();
            assertThatThrownBy(() -> tables.attach("Invoices", "tenant", false))
                    .isInstanceOfSatisfying(CaptureTables.TableException.class, e -> {
                        assertThat(e.kind()).isEqualTo(CaptureTables.TableException.Kind.INVALID);
                        assertThat(e.field()).isEqualTo("name");
                        assertThat(e.getMessage()).startsWith("REPLICA IDENTITY of public.Invoices is not FULL")
                                .contains("user shapes_capture may not change it")
                                .endsWith("run ALTER TABLE \"public\".\"Invoices\" REPLICA IDENTITY FULL as the"
                                        + " table's owner, then attach it again");
                    });
            assertThat(tables.list()).isEmpty();
        }
    }
}
