package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.capture.config.CaptureProperties;
import io.tributary.capture.engine.CaptureEngine;
import io.tributary.model.Delivery;
import io.tributary.model.Json;
import io.tributary.router.config.RouterProperties;
import io.tributary.router.config.RouterStreams;
import io.tributary.router.index.SubscriptionIndex;
import io.tributary.router.topology.RouterCounters;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.TributaryInfrastructure;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** A row committed in PostgreSQL becomes a Delivery on the webhook handler topic, through capture and router. */
@TributaryInfrastructure
class RowToDeliveryIT {

    @Test
    void shouldDeliverAConfirmedOrderToTheMatchingWebhookSubscriptionOnly(KafkaCluster kafka, PostgresDatabase server)
            throws Exception {
        PostgresDatabase db = server.createDatabase("e2e");
        db.execute("CREATE TABLE orders (id text PRIMARY KEY, company_id text, status text, amount numeric(12,2));"
                + " ALTER TABLE orders REPLICA IDENTITY FULL");
        kafka.createTopics(2, "e2e.events", "e2e.events-dlt", "e2e.handler.webhook");
        kafka.createCompactedTopic("e2e.subscriptions", 1);
        String subscription = """
                {"id":"sub_confirmed","name":"notify-confirmed","tenant":"co_1","table":"orders",
                 "operations":["INSERT","UPDATE"],"type":"WEBHOOK","config":{"url":"https://hooks.example.com/o"},
                 "filter":{"status":"confirmed"},"where":{"new.amount":{"$gt":1000}}}""";
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("e2e.subscriptions", "sub_confirmed", subscription)).get(30, TimeUnit.SECONDS);
        }

        CaptureProperties capture = new CaptureProperties(true,
                new CaptureProperties.Database(db.host(), db.port(), db.databaseName(), db.user(), db.password()),
                "e2e_slot", "e2e_pub", List.of(new CaptureProperties.Table("public.orders", "company_id")), "e2e",
                "e2e.capture-offsets", Duration.ofSeconds(5), "no_data", null, null, "public.tributary_signal",
                "e2e.capture-tables", Map.of());
        RouterStreams router = new RouterStreams(new RouterProperties(true, "e2e-router", "e2e", 8, 2, (short) -1,
                Map.of("state.dir", Files.createTempDirectory("e2e-router").toString())), kafka.bootstrapServers(),
                new SubscriptionIndex(), new RouterCounters(), new SimpleMeterRegistry());
        try (CaptureEngine engine = new CaptureEngine(capture, kafka.bootstrapServers(), new SimpleMeterRegistry())) {
            router.start();
            engine.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> router.state() == KafkaStreams.State.RUNNING
                    && slotActive(db, "e2e_slot"));

            db.execute("INSERT INTO orders VALUES ('o1', 'co_1', 'draft', 5000)");
            db.execute("UPDATE orders SET status = 'confirmed' WHERE id = 'o1'");
            db.execute("INSERT INTO orders VALUES ('o2', 'co_1', 'confirmed', 10)");
            db.execute("INSERT INTO orders VALUES ('o3', 'co_2', 'confirmed', 9000)");
            db.execute("INSERT INTO orders VALUES ('o4', 'co_1', 'confirmed', 1000.01)");

            var deliveries = kafka.consume("e2e.handler.webhook", 2, Duration.ofSeconds(60)).stream()
                    .map(record -> Delivery.fromJson(Json.parse(record.value()))).toList();
            assertThat(deliveries).extracting(d -> d.event().recordId()).containsExactlyInAnyOrder("o1", "o4");
            Delivery update = deliveries.stream().filter(d -> d.event().recordId().equals("o1")).findFirst().orElseThrow();
            assertThat(update.event().type()).isEqualTo("orders.update");
            assertThat(update.deliveryId()).isEqualTo(update.event().id() + ":sub_confirmed");
            assertThat(update.subscription().config().get("url").asText()).isEqualTo("https://hooks.example.com/o");
            assertThat(Json.write(update.event().data().get("changed"))).isEqualTo("[\"status\"]");
        } finally {
            router.stop();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    db.execute("SELECT pg_drop_replication_slot('e2e_slot')"));
        }
    }

    private static boolean slotActive(PostgresDatabase db, String slot) throws Exception {
        try (Connection connection = db.connect(); ResultSet rs = connection.createStatement().executeQuery(
                "SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
