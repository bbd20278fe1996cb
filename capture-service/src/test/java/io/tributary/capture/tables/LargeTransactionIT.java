package io.tributary.capture.tables;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.capture.config.CaptureProperties;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.TributaryInfrastructure;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * One large transaction, on a table attached at runtime, arrives whole: every row exactly once, each with its own
 * id, its tenant and its record key. Prints how long the capture took. The build runs 100,000 rows; the million of
 * the long run takes a few minutes on a busy machine:
 * {@code mvn -B verify -pl capture-service -Dit.test=LargeTransactionIT -Dcapture.large-transaction.rows=1000000}.
 */
@TributaryInfrastructure
class LargeTransactionIT {

    static final int ROWS = Integer.getInteger("capture.large-transaction.rows", 100_000);

    @Test
    void shouldDeliverEveryRowOfAMillionRowTransaction(KafkaCluster kafka, PostgresDatabase server) {
        PostgresDatabase db = server.createDatabase("shapes_bulk");
        db.execute("CREATE TABLE bulk (id int PRIMARY KEY, tenant text, body text)");
        CaptureProperties properties = TableShapesIT.properties(db, "bulk", Map.of());
        try (TableShapesIT.Capture capture = TableShapesIT.start(kafka, db, properties)) {
            capture.tables().attach("public.bulk", "tenant", false);
            long start = System.nanoTime();
            db.execute("INSERT INTO bulk SELECT g, 'co_' || (g % 10), 'row ' || g FROM generate_series(1, " + ROWS
                    + ") g");
            long committed = System.nanoTime();
            BitSet seen = new BitSet(ROWS + 1);
            Set<String> ids = new HashSet<>(ROWS * 2);
            int events = 0;
            String source = "/postgres/" + db.databaseName() + "/public/bulk";
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "bulk-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("bulk.events"));
                long deadline = System.nanoTime() + Duration.ofSeconds(60 + ROWS / 2_000).toNanos();
                while (events < ROWS && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        EventEnvelope event = EventEnvelope.fromJson(Json.parse(record.value()));
                        int id = Integer.parseInt(event.recordId());
                        assertThat(event.type()).isEqualTo("bulk.insert");
                        assertThat(event.tenant()).isEqualTo("co_" + (id % 10));
                        assertThat(record.key()).isEqualTo("co_" + (id % 10) + "/" + source + "/" + id);
                        assertThat(event.newRow().get("body").asText()).isEqualTo("row " + id);
                        seen.set(id);
                        ids.add(event.id());
                        events++;
                    }
                }
            }
            long done = System.nanoTime();
            System.out.printf("LargeTransactionIT: %,d rows in one transaction: committed in %d ms, all captured %d ms"
                    + " after the commit (%,.0f events/s)%n", ROWS, (committed - start) / 1_000_000,
                    (done - committed) / 1_000_000, ROWS / ((done - committed) / 1e9));
            assertThat(events).isEqualTo(ROWS);
            assertThat(seen.cardinality()).isEqualTo(ROWS);
            assertThat(seen.nextSetBit(0)).isEqualTo(1);
            assertThat(ids).hasSize(ROWS);
        } finally {
            io.tributary.capture.ReplicationSlots.dropSlot(db, properties.slotName());
        }
    }
}
