package io.tributary.capture.engine;

import static io.tributary.capture.ReplicationSlots.dropSlot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.capture.config.CaptureProperties;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.TributaryInfrastructure;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Databases the capture could not start on: one with an enum type without values (Debezium 3.5's TypeRegistry
 * fault) is captured like any other; one the capture cannot prepare is reported (readiness DOWN, the reason) and
 * captured once it is fixed, without restarting the service.
 */
@TributaryInfrastructure
class CaptureStartIT {

    private static CaptureProperties properties(PostgresDatabase db, String name) {
        return new CaptureProperties(true,
                new CaptureProperties.Database(db.host(), db.port(), db.databaseName(), db.user(), db.password()),
                name + "_slot", name + "_pub", List.of(new CaptureProperties.Table("public.orders", "company_id")),
                name, name + ".capture-offsets", Duration.ofSeconds(5), "no_data", "public.tributary_outbox",
                "public.tributary_subscription", "public.tributary_signal", name + ".capture-tables", Map.of(),
                "dead-letter", 1_048_576, new CaptureProperties.Restart(Duration.ofSeconds(1), 2.0,
                        Duration.ofSeconds(4)));
    }

    private static String outboxMigration() throws Exception {
        try (var in = CaptureStartIT.class.getResourceAsStream("/db/tributary_outbox.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<EventEnvelope> events(KafkaCluster kafka, String topic, int count) {
        return kafka.consume(topic, count, Duration.ofSeconds(90)).stream()
                .map(r -> EventEnvelope.fromJson(Json.parse(r.value()))).toList();
    }

    @Test
    void shouldCaptureADatabaseWithAnEnumWithoutValuesAndADomainOverAnEnum(KafkaCluster kafka, PostgresDatabase server)
            throws Exception {
        PostgresDatabase db = server.createDatabase("capture_empty_enum");
        db.execute("""
                CREATE TYPE mood AS ENUM ();
                CREATE TYPE state AS ENUM ('draft', 'paid');
                CREATE DOMAIN state_d AS state;
                CREATE TABLE orders (id bigint PRIMARY KEY, company_id text, state state_d);
                """);
        db.execute(outboxMigration());
        kafka.createTopics(1, "enum.events");
        try (Connection connection = db.connect()) {
            assertThat(EmptyEnums.find(connection)).as("the guard's query: enums only, not domains over them")
                    .containsExactly("public.mood");
        }
        assertThat(EmptyEnums.faultPresent()).as("the capture-service loads its patched TypeRegistry").isFalse();
        CaptureProperties properties = properties(db, "enum");
        try (CaptureEngine engine = new CaptureEngine(properties, kafka.bootstrapServers(), new SimpleMeterRegistry())) {
            engine.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> engine.status().capturing());
            db.execute("INSERT INTO orders VALUES (1, 'co_1', 'paid')");
            List<EventEnvelope> events = events(kafka, "enum.events", 1);
            assertThat(events).extracting(EventEnvelope::type).containsExactly("orders.insert");
            assertThat(events.get(0).newRow().get("state").asText()).isEqualTo("paid");
            // Capturing all along, well past the second after which Debezium's own TypeRegistry failed.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(engine.status().current().state()).isEqualTo(CaptureStatus.State.CAPTURING);
                assertThat(engine.status().current().attempt()).isZero();
            });
        } finally {
            dropSlot(db, "enum_slot", Duration.ofSeconds(60));
        }
    }

    @Test
    void shouldReportADatabaseItCannotPrepareAndCaptureOnceItIsFixed(KafkaCluster kafka, PostgresDatabase server)
            throws Exception {
        PostgresDatabase db = server.createDatabase("capture_unprepared");
        db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, company_id text)");
        kafka.createTopics(1, "unprepared.events");
        CaptureProperties properties = properties(db, "unprepared");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (CaptureEngine engine = new CaptureEngine(properties, kafka.bootstrapServers(), registry)) {
            engine.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> engine.status().current().attempt() >= 2
                    && engine.status().current().state() == CaptureStatus.State.STOPPED);
            assertThat(engine.status().current().reason()).isEqualTo("cannot prepare the capture: the outbox table"
                    + " public.tributary_outbox does not exist in database " + db.databaseName() + ": apply"
                    + " db/tributary_outbox.sql, or set tributary.capture.outbox-table= (empty) to capture no outbox");
            assertThat(registry.get("tributary.capture.running").gauge().value()).isZero();

            db.execute(outboxMigration());
            await().atMost(Duration.ofSeconds(60)).until(() -> engine.status().capturing());
            assertThat(registry.get("tributary.capture.running").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("tributary.capture.restarts").counter().count()).isGreaterThanOrEqualTo(2);
            db.execute("INSERT INTO orders VALUES (1, 'co_1')");
            assertThat(events(kafka, "unprepared.events", 1)).extracting(EventEnvelope::recordId).containsExactly("1");
        } finally {
            dropSlot(db, "unprepared_slot", Duration.ofSeconds(60));
        }
    }
}
