package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.capture.CaptureApplication;
import io.tributary.capture.config.CaptureProperties;
import io.tributary.capture.engine.CaptureEngine;
import io.tributary.client.EventPublisher;
import io.tributary.client.IngestClient;
import io.tributary.client.OutboxWriter;
import io.tributary.client.TributaryApiException;
import io.tributary.model.EventEnvelope;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.TributaryInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The client library's outbox writer and ingestion client, end to end through a real capture-service. */
@TributaryInfrastructure
class ClientLibraryIT {

    @Test
    void shouldEmitCommittedOutboxWritesAndNothingOfRolledBackOnes(KafkaCluster kafka, PostgresDatabase server)
            throws Exception {
        PostgresDatabase db = server.createDatabase("client_outbox");
        db.execute("CREATE TABLE invoices (id text PRIMARY KEY, status text)");
        db.execute(Files.readString(Path.of("../capture-service/src/main/resources/db/tributary_outbox.sql")));
        kafka.createTopics(1, "outbox.events");
        CaptureProperties capture = new CaptureProperties(true,
                new CaptureProperties.Database(db.host(), db.port(), db.databaseName(), db.user(), db.password()),
                "client_slot", "client_pub", List.of(), "outbox", "outbox.capture-offsets", Duration.ofSeconds(5),
                "no_data", "public.tributary_outbox", null, "public.tributary_signal", "outbox.capture-tables",
                Map.of());
        OutboxWriter outbox = new OutboxWriter();
        try (CaptureEngine engine = new CaptureEngine(capture, kafka.bootstrapServers(), new SimpleMeterRegistry());
                EventPublisher events = new EventPublisher(kafka.bootstrapServers(), "/services/billing")) {
            engine.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> slotActive(db));
            try (Connection connection = db.connect()) {
                connection.setAutoCommit(false);
                connection.createStatement().execute("INSERT INTO invoices VALUES ('inv_7', 'paid')");
                outbox.write(connection, events.event("invoice.paid", Json.parse("{\"invoice\": \"inv_7\"}"))
                        .id("inv_7-paid").tenant("co_1").subject("inv_7").build());
                connection.commit();
                connection.createStatement().execute("INSERT INTO invoices VALUES ('inv_8', 'paid')");
                outbox.write(connection, events.event("invoice.paid", Json.parse("{\"invoice\": \"inv_8\"}"))
                        .id("inv_8-paid").tenant("co_1").subject("inv_8").build());
                connection.rollback();
                outbox.write(connection, events.event("invoice.voided", Json.parse("{\"invoice\": \"inv_9\"}"))
                        .id("inv_9-voided").tenant("co_1").subject("inv_9").build());
                connection.commit();
            }
            assertThat(kafka.consume("outbox.events", 2, Duration.ofSeconds(30))).hasSize(2);
            // inv_9 was committed after the rollback, so everything before it is on the topic by now.
            List<EventEnvelope> written = kafka.readAll("outbox.events").stream()
                    .map(r -> EventEnvelope.fromJson(Json.parse(r.value()))).toList();
            assertThat(written).extracting(EventEnvelope::id).containsExactly("inv_7-paid", "inv_9-voided");
            assertThat(written.get(0).source()).isEqualTo("/services/billing");
            assertThat(written.get(0).recordKey()).isEqualTo("co_1//services/billing/inv_7");
        } finally {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> db.execute(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'client_slot'"));
        }
    }

    private static boolean slotActive(PostgresDatabase db) throws Exception {
        try (Connection connection = db.connect(); ResultSet rs = connection.createStatement().executeQuery(
                "SELECT active FROM pg_replication_slots WHERE slot_name = 'client_slot'")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    @Test
    void shouldIngestThroughTheApiAndTurnRefusalsIntoTypedErrors(KafkaCluster kafka) throws Exception {
        kafka.createTopics(1, "ingestc.events");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CaptureApplication.class).properties(
                "server.port=0", "spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "tributary.capture.enabled=false", "tributary.ingest.topic-prefix=ingestc",
                "tributary.api.keys[0].key=acme-client-key-0123", "tributary.api.keys[0].tenant=acme").run();
                EventPublisher events = new EventPublisher(kafka.bootstrapServers(), "/services/crm")) {
            String url = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            IngestClient ingest = new IngestClient(url, "acme-client-key-0123");
            EventEnvelope one = events.event("customer.created", Json.parse("{\"name\": \"Ada\"}")).subject("c-1")
                    .build();
            EventEnvelope two = events.event("customer.created", Json.parse("{\"name\": \"Grace\"}")).subject("c-2")
                    .build();
            assertThat(ingest.publish(List.of(one, two))).containsExactly(one.id(), two.id());
            assertThatThrownBy(() -> ingest.publish(one)).isInstanceOfSatisfying(TributaryApiException.class, e -> {
                assertThat(e.status()).isEqualTo(409);
                assertThat(e.details()).extracting(FieldError::path).containsExactly("id");
            });
            EventEnvelope foreign = events.event("customer.created", null).tenant("globex").build();
            assertThatThrownBy(() -> ingest.publish(foreign)).isInstanceOfSatisfying(TributaryApiException.class,
                    e -> assertThat(e.details()).extracting(FieldError::path).containsExactly("tenant"));
            assertThatThrownBy(() -> new IngestClient(url, "not-a-key-0123456789").publish(one))
                    .isInstanceOfSatisfying(TributaryApiException.class, e -> assertThat(e.status()).isEqualTo(401));
            List<EventEnvelope> written = kafka.consume("ingestc.events", 2, Duration.ofSeconds(30)).stream()
                    .map(r -> EventEnvelope.fromJson(Json.parse(r.value()))).toList();
            assertThat(written).extracting(EventEnvelope::subject).containsExactly("c-1", "c-2");
            assertThat(written).extracting(EventEnvelope::tenant).containsOnly("acme");
        }
    }
}
