package io.tributary.capture.engine;

import static io.tributary.capture.ReplicationSlots.awaitStreaming;
import static io.tributary.capture.ReplicationSlots.dropSlot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.capture.config.CaptureProperties;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Operation;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.TributaryInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Row changes from a real PostgreSQL through Debezium to a real Kafka topic. */
@TributaryInfrastructure
class CaptureEngineIT {

    private static CaptureProperties properties(PostgresDatabase db, String name) {
        return new CaptureProperties(true,
                new CaptureProperties.Database(db.host(), db.port(), db.databaseName(), db.user(), db.password()),
                name + "_slot", name + "_pub",
                List.of(new CaptureProperties.Table("public.orders", "company_id"),
                        new CaptureProperties.Table("public.order_lines", null)),
                name, name + ".capture-offsets", Duration.ofSeconds(5), "no_data", "public.tributary_outbox",
                "public.tributary_subscription", "public.tributary_signal", name + ".capture-tables", Map.of());
    }

    private static String outboxMigration() {
        try (var in = CaptureEngineIT.class.getResourceAsStream("/db/tributary_outbox.sql")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldEmitCommittedOutboxRowsAsApplicationEvents(KafkaCluster kafka, PostgresDatabase server) throws Exception {
        PostgresDatabase db = server.createDatabase("capture_outbox");
        db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, company_id text)");
        db.execute(outboxMigration());
        kafka.createTopics(1, "outbox.events");
        CaptureProperties properties = properties(db, "outbox");
        try (CaptureEngine engine = new CaptureEngine(properties, kafka.bootstrapServers(), new SimpleMeterRegistry())) {
            engine.start();
            awaitStreaming(db, "outbox_slot");
            try (Connection connection = db.connect()) {
                connection.setAutoCommit(false);
                var statement = connection.createStatement();
                statement.execute("INSERT INTO orders VALUES (7, 'co_1')");
                statement.execute("INSERT INTO tributary_outbox (tenant, event_type, source, payload, idempotency_key,"
                        + " correlation_id, causation_id, depth) VALUES ('co_1', 'invoice.created', '/services/billing',"
                        + " '{\"invoice\": \"inv_7\", \"total\": 99.90}', 'inv_7-created', 'corr-1', 'cause-1', 2)");
                connection.commit();
                statement.execute("INSERT INTO tributary_outbox (event_type, payload, idempotency_key)"
                        + " VALUES ('invoice.created', '{}', 'rolled-back')");
                connection.rollback();
                statement.execute("INSERT INTO tributary_outbox (event_type, payload, idempotency_key)"
                        + " VALUES ('invoice.voided', '{\"invoice\": \"inv_8\"}', 'inv_8-voided')");
                statement.execute("DELETE FROM tributary_outbox WHERE idempotency_key = 'inv_8-voided'");
                connection.commit();
            }
            List<EventEnvelope> events = events(kafka, "outbox.events", 3);
            assertThat(kafka.consume("outbox.events", 4, Duration.ofSeconds(3))).as("nothing of the rollback")
                    .hasSize(3);
            assertThat(events).extracting(EventEnvelope::id)
                    .containsExactly(events.get(0).id(), "inv_7-created", "inv_8-voided");
            EventEnvelope invoice = events.get(1);
            assertThat(invoice.type()).isEqualTo("invoice.created");
            assertThat(invoice.source()).isEqualTo("/services/billing");
            assertThat(invoice.tenant()).isEqualTo("co_1");
            assertThat(invoice.correlationid()).isEqualTo("corr-1");
            assertThat(invoice.causationid()).isEqualTo("cause-1");
            assertThat(invoice.depth()).isEqualTo(2);
            assertThat(Json.write(invoice.data())).isEqualTo("{\"total\":99.90,\"invoice\":\"inv_7\"}");
            assertThat(invoice.recordKey()).isEqualTo("co_1//services/billing/inv_7-created");
            assertThat(events.get(2).source()).isEqualTo("/services/outbox");
        } finally {
            dropSlot(db, "outbox_slot");
        }
    }

    private static List<EventEnvelope> events(KafkaCluster kafka, String topic, int count) {
        List<ConsumerRecord<String, String>> records = kafka.consume(topic, count, Duration.ofSeconds(60));
        return records.stream().map(r -> EventEnvelope.fromJson(Json.parse(r.value()))).toList();
    }

    @Test
    void shouldCaptureEveryOperationWithExactValues(KafkaCluster kafka, PostgresDatabase server) throws Exception {
        PostgresDatabase db = server.createDatabase("capture_ops");
        db.execute("""
                CREATE TYPE order_state AS ENUM ('draft', 'confirmed');
                CREATE TABLE orders (id bigint PRIMARY KEY, company_id text, amount numeric(30,10), qty int,
                  note text, paid boolean, placed_at timestamp, updated_at timestamptz, due date, ref uuid,
                  attrs jsonb, tags text[], state order_state, blob bytea);
                ALTER TABLE orders REPLICA IDENTITY FULL;
                CREATE TABLE order_lines (order_id bigint, line int, sku text, PRIMARY KEY (order_id, line));
                """);
        db.execute(outboxMigration());
        kafka.createTopics(1, "ops.events");
        CaptureProperties properties = properties(db, "ops");
        try (CaptureEngine engine = new CaptureEngine(properties, kafka.bootstrapServers(), new SimpleMeterRegistry())) {
            engine.start();
            awaitStreaming(db, "ops_slot");
            db.execute("""
                    INSERT INTO orders VALUES (1, 'co_1', 12345678901234567890.0123456789, 2, 'first', true,
                      '2024-01-15 10:30:00.123456', '2024-01-15 10:30:00+02', '2024-02-01',
                      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"vip": true, "score": 1.50}', '{a,b}', 'draft',
                      '\\xdeadbeef');
                    UPDATE orders SET state = 'confirmed', qty = 3 WHERE id = 1;
                    INSERT INTO order_lines VALUES (1, 2, 'A-1');
                    DELETE FROM orders WHERE id = 1;
                    TRUNCATE order_lines;
                    """);
            List<EventEnvelope> events = events(kafka, "ops.events", 5);
            assertThat(events).extracting(EventEnvelope::type).containsExactly("orders.insert", "orders.update",
                    "order_lines.insert", "orders.delete", "order_lines.truncate");

            EventEnvelope insert = events.get(0);
            assertThat(insert.source()).isEqualTo("/postgres/" + db.databaseName() + "/public/orders");
            assertThat(insert.tenant()).isEqualTo("co_1");
            assertThat(insert.recordId()).isEqualTo("1");
            assertThat(insert.recordKey()).isEqualTo("co_1//postgres/" + db.databaseName() + "/public/orders/1");
            assertThat(insert.id()).matches("[0-9A-F]+/[0-9A-F]+:public\\.orders");
            JsonNode row = insert.newRow();
            assertThat(Json.write(row.get("amount"))).isEqualTo("12345678901234567890.0123456789");
            assertThat(row.get("qty").intValue()).isEqualTo(2);
            assertThat(row.get("paid").booleanValue()).isTrue();
            assertThat(row.get("placed_at").asText()).isEqualTo("2024-01-15T10:30:00.123456");
            assertThat(row.get("updated_at").asText()).isEqualTo("2024-01-15T08:30:00+00:00");
            assertThat(row.get("due").asText()).isEqualTo("2024-02-01");
            assertThat(row.get("ref").asText()).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
            assertThat(row.get("attrs").get("vip").booleanValue()).isTrue();
            assertThat(Json.write(row.get("attrs").get("score"))).isEqualTo("1.50");
            assertThat(Json.write(row.get("tags"))).isEqualTo("[\"a\",\"b\"]");
            assertThat(row.get("state").asText()).isEqualTo("draft");
            assertThat(row.get("blob").asText()).isEqualTo("3q2+7w==");

            EventEnvelope update = events.get(1);
            assertThat(update.operation()).isEqualTo(Operation.UPDATE);
            assertThat(Json.write(update.data().get("changed"))).isEqualTo("[\"qty\",\"state\"]");
            assertThat(update.oldRow().get("state").asText()).isEqualTo("draft");

            assertThat(events.get(2).recordId()).isEqualTo("1:2");
            assertThat(events.get(2).tenant()).isNull();
            assertThat(events.get(3).oldRow().get("note").asText()).isEqualTo("first");
            assertThat(events.get(3).newRow()).isNull();
            assertThat(events.get(3).tenant()).isEqualTo("co_1");
            assertThat(events.get(4).operation()).isEqualTo(Operation.TRUNCATE);
        } finally {
            dropSlot(db, "ops_slot");
        }
    }

    @Test
    void shouldResumeAfterARestartWithoutLosingCommittedRows(KafkaCluster kafka, PostgresDatabase server)
            throws Exception {
        PostgresDatabase db = server.createDatabase("capture_restart");
        db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, company_id text)");
        db.execute(outboxMigration());
        kafka.createTopics(1, "restart.events");
        CaptureProperties properties = properties(db, "restart");
        try {
            try (CaptureEngine engine = new CaptureEngine(properties, kafka.bootstrapServers(), new SimpleMeterRegistry())) {
                engine.start();
                awaitStreaming(db, "restart_slot");
                for (int i = 1; i <= 20; i++) {
                    db.execute("INSERT INTO orders VALUES (" + i + ", 'co_1')");
                }
                assertThat(events(kafka, "restart.events", 20)).hasSize(20);
                await().atMost(Duration.ofSeconds(30)).until(() -> new SlotLag(properties).bytes() >= 0);
            }
            // Written while no capture runs: the slot keeps them for the next start.
            for (int i = 21; i <= 40; i++) {
                db.execute("INSERT INTO orders VALUES (" + i + ", 'co_1')");
            }
            try (CaptureEngine engine = new CaptureEngine(properties, kafka.bootstrapServers(), new SimpleMeterRegistry())) {
                engine.start();
                List<EventEnvelope> events = events(kafka, "restart.events", 40);
                Set<String> recordIds = events.stream().map(EventEnvelope::recordId)
                        .collect(Collectors.toCollection(TreeSet::new));
                assertThat(recordIds).hasSize(40);
                Map<String, Set<String>> idsPerRecord = events.stream().collect(Collectors.groupingBy(
                        EventEnvelope::recordId, Collectors.mapping(EventEnvelope::id, Collectors.toSet())));
                assertThat(idsPerRecord.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
            }
        } finally {
            dropSlot(db, "restart_slot");
        }
    }

    @Test
    void shouldMirrorTheSubscriptionTableIntoTheSubscriptionsTopic(KafkaCluster kafka, PostgresDatabase server)
            throws Exception {
        PostgresDatabase db = server.createDatabase("capture_subs");
        db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, company_id text)");
        db.execute(outboxMigration());
        try (var in = CaptureEngineIT.class.getResourceAsStream("/db/tributary_subscription.sql")) {
            db.execute(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        kafka.createTopics(1, "subs.events");
        kafka.createCompactedTopic("subs.subscriptions", 1);
        CaptureProperties properties = properties(db, "subs");
        try (CaptureEngine engine = new CaptureEngine(properties, kafka.bootstrapServers(), new SimpleMeterRegistry())) {
            engine.start();
            awaitStreaming(db, "subs_slot");
            db.execute("""
                    INSERT INTO tributary_subscription (id, definition) VALUES ('sub_sql_1', '{"name": "orders-sql",
                      "tenant": "co_1", "table": "orders", "type": "WEBHOOK",
                      "config": {"url": "https://hooks.example.com/o"}, "filter": {"status": "confirmed"}}');
                    UPDATE tributary_subscription SET definition = jsonb_set(definition, '{active}', 'false')
                      WHERE id = 'sub_sql_1';
                    DELETE FROM tributary_subscription WHERE id = 'sub_sql_1';
                    INSERT INTO orders VALUES (1, 'co_1');
                    """);
            List<ConsumerRecord<String, String>> records = kafka.consume("subs.subscriptions", 3, Duration.ofSeconds(60));
            assertThat(records).extracting(ConsumerRecord::key).containsExactly("sub_sql_1", "sub_sql_1", "sub_sql_1");
            io.tributary.model.Subscription created = io.tributary.model.Subscription.fromJson(
                    Json.parse(records.get(0).value()));
            assertThat(created.id()).isEqualTo("sub_sql_1");
            assertThat(created.tenant()).isEqualTo("co_1");
            assertThat(Json.parse(records.get(1).value()).get("active").asBoolean()).isFalse();
            assertThat(records.get(2).value()).isNull();
            // Subscription rows are not events.
            assertThat(events(kafka, "subs.events", 1)).extracting(EventEnvelope::type).containsExactly("orders.insert");
        } finally {
            dropSlot(db, "subs_slot");
        }
    }

    @Test
    void shouldGiveBothHalvesOfAPrimaryKeyChangeDistinctStableIdsAndCarryLargeUnchangedValues(KafkaCluster kafka,
            PostgresDatabase server) throws Exception {
        PostgresDatabase db = server.createDatabase("capture_keys");
        db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, company_id text, note text, state text)");
        db.execute(outboxMigration());
        kafka.createTopics(1, "keys.events");
        CaptureProperties properties = properties(db, "keys");
        String large = "x".repeat(96_000);
        try (CaptureEngine engine = new CaptureEngine(properties, kafka.bootstrapServers(), new SimpleMeterRegistry())) {
            engine.start();
            awaitStreaming(db, "keys_slot");
            db.execute("INSERT INTO orders VALUES (1, 'co_1', '" + large + "', 'open');"
                    + "UPDATE orders SET id = 2 WHERE id = 1;"
                    + "UPDATE orders SET state = 'paid' WHERE id = 2");
            List<EventEnvelope> events = events(kafka, "keys.events", 4);
            assertThat(events).extracting(EventEnvelope::type)
                    .containsExactly("orders.insert", "orders.delete", "orders.insert", "orders.update");
            EventEnvelope delete = events.get(1);
            EventEnvelope insert = events.get(2);
            assertThat(delete.id()).isNotEqualTo(insert.id()).endsWith(":public.orders:1");
            assertThat(insert.id()).endsWith(":public.orders:2");
            assertThat(delete.id().split(":")[0]).isEqualTo(insert.id().split(":")[0]);
            assertThat(delete.recordKey()).isEqualTo("co_1//postgres/" + db.databaseName() + "/public/orders/1");
            assertThat(insert.recordKey()).isEqualTo("co_1//postgres/" + db.databaseName() + "/public/orders/2");
            assertThat(delete.tenant()).isEqualTo("co_1");
            // The update leaves the TOASTed note as it was: the event carries its value, never a placeholder.
            EventEnvelope update = events.get(3);
            assertThat(update.newRow().get("note").asText()).isEqualTo(large);
            assertThat(update.data().has("unchanged")).isFalse();
            assertThat(Json.write(update.data().get("changed"))).isEqualTo("[\"state\"]");
        } finally {
            dropSlot(db, "keys_slot");
        }
    }
}
