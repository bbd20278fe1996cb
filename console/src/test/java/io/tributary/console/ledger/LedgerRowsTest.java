package io.tributary.console.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class LedgerRowsTest {

    private final LedgerRows rows = new LedgerRows(new Topics("tx"));

    private static final String EVENT = """
            {"specversion":"1.0","id":"ev_1","source":"/postgres/app/public/salesOrder","type":"salesOrder.delete",
             "time":"2026-01-02T03:04:05.123456789Z","tenant":"co_9",
             "data":{"table":"salesOrder","operation":"DELETE","recordId":"so_1","new":null,"old":{"status":"gone"}}}""";

    private static ConsumerRecord<String, String> record(String topic, long offset, String value) {
        return new ConsumerRecord<>(topic, 0, offset, "k", value);
    }

    @Test
    void shouldKeepAnEventWithItsFilterSubjectAndItsTimeInMicroseconds() {
        LedgerRows.Batch batch = rows.read(List.of(record("tx.events", 0, EVENT)));

        assertThat(batch.events()).singleElement().satisfies(event -> {
            assertThat(event.eventId()).isEqualTo("ev_1");
            assertThat(event.tenant()).isEqualTo("co_9");
            assertThat(event.table()).isEqualTo("salesOrder");
            assertThat(event.recordId()).isEqualTo("so_1");
            assertThat(event.operation()).isEqualTo("DELETE");
            assertThat(event.subject()).isEqualTo("{\"status\":\"gone\"}");
            assertThat(event.at()).isEqualTo(Instant.parse("2026-01-02T03:04:05.123456Z"));
        });
        assertThat(batch.unreadable()).isEmpty();
    }

    @Test
    void shouldKeepWhereADeliveryIsAndWhatItWasRoutedWithWithItsSecretsMasked() {
        String delivery = "{\"deliveryId\":\"ev_1:sub_1\",\"subscription\":{\"id\":\"sub_1\",\"name\":\"n\","
                + "\"tenant\":\"co_9\",\"type\":\"WEBHOOK\",\"config\":{\"url\":\"https://h.example.org/x\","
                + "\"secret\":\"whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==\",\"headers\":{\"X-Api-Key\":\"key-0123456789\"}}},"
                + "\"event\":" + EVENT + "}";

        LedgerRows.Batch batch = rows.read(List.of(new ConsumerRecord<>("tx.handler.webhook", 2, 41, "sub_1/k",
                delivery)));

        assertThat(batch.deliveries()).singleElement().satisfies(row -> {
            assertThat(row.recordKey()).isEqualTo("sub_1/k");
            assertThat(row.kafkaTopic()).isEqualTo("tx.handler.webhook");
            assertThat(row.kafkaPartition()).isEqualTo(2);
            assertThat(row.kafkaOffset()).isEqualTo(41);
            assertThat(row.subscriptionConfig()).isEqualTo("{\"url\":\"https://h.example.org/x\","
                    + "\"secret\":\"whsec_…IQ==\",\"headers\":{\"X-Api-Key\":\"…6789\"}}");
        });
    }

    @Test
    void shouldKeepWhatASearchOfAttemptsNeedsFromTheAttemptRecord() {
        String attempt = "{\"deliveryId\":\"ev_1:sub_1\",\"subscriptionId\":\"sub_1\",\"subscriptionName\":\"crm\","
                + "\"tenant\":\"co_9\",\"eventId\":\"ev_1\",\"eventType\":\"salesOrder.delete\",\"table\":\"salesOrder\","
                + "\"recordId\":\"so_1\",\"recordKey\":\"sub_1/co_9//postgres/app/public/salesOrder/so_1\","
                + "\"endpointHost\":\"h.example.org\",\"attempt\":2,\"outcome\":\"RETRY\",\"httpStatus\":503,"
                + "\"latencyMs\":120,\"error\":null,\"responseBody\":\"busy\",\"at\":\"2026-01-02T03:04:06Z\"}";

        LedgerRows.Batch batch = rows.read(List.of(record("tx.deliveries", 3, attempt)));

        assertThat(batch.attempts()).containsExactly(new LedgerRows.AttemptRow("ev_1:sub_1", 2,
                Instant.parse("2026-01-02T03:04:06Z"), "sub_1", "ev_1", "RETRY", 503, 120, "h.example.org", null,
                "busy", "co_9", "crm", "salesOrder.delete", "salesOrder", "so_1",
                "sub_1/co_9//postgres/app/public/salesOrder/so_1", null));
    }

    @Test
    void shouldReadADeliveryAndItsEventFromAHandlerTopicAndSkipItsRetryTopics() {
        String delivery = "{\"deliveryId\":\"ev_1:sub_1\",\"subscription\":{\"id\":\"sub_1\",\"name\":\"n\","
                + "\"tenant\":\"co_9\",\"type\":\"WEBHOOK\",\"config\":{\"url\":\"https://h.example.org:8443/x\"}},"
                + "\"event\":" + EVENT + "}";

        LedgerRows.Batch batch = rows.read(List.of(record("tx.handler.webhook", 0, delivery),
                record("tx.handler.webhook-retry-0", 0, delivery)));

        assertThat(batch.deliveries()).singleElement().satisfies(row -> {
            assertThat(row.deliveryId()).isEqualTo("ev_1:sub_1");
            assertThat(row.handlerType()).isEqualTo("webhook");
            assertThat(row.endpointHost()).isEqualTo("h.example.org");
            assertThat(row.eventType()).isEqualTo("salesOrder.delete");
        });
        assertThat(batch.events()).extracting(LedgerRows.EventRow::eventId).containsExactly("ev_1");
    }

    @Test
    void shouldReportEveryRecordItCannotReadWithItsPlaceAndReason() {
        LedgerRows.Batch batch = rows.read(List.of(record("tx.deliveries", 7, "{\"attempt\": 1}"),
                record("tx.events", 8, "not json"), record("tx.deliveries", 9, null)));

        assertThat(batch.unreadable()).extracting(LedgerRows.Unreadable::offset).containsExactly(7L, 8L, 9L);
        assertThat(batch.unreadable().get(0).reason()).isEqualTo("deliveryId: is required");
        assertThat(batch.unreadable().get(2).reason()).isEqualTo("the record has no value");
        assertThat(batch.attempts()).isEmpty();
    }

    @Test
    void shouldKeepADeadLetterThatIsNotJsonWithTheDecimalProvenanceOfEarlierWriters() {
        ConsumerRecord<String, String> dead = new ConsumerRecord<>("tx.events-dlt", 0, 3, "k", "\u0000garbage");
        dead.headers().add("kafka_original-topic", "tx.events".getBytes(StandardCharsets.UTF_8));
        dead.headers().add("kafka_original-partition", "2".getBytes(StandardCharsets.UTF_8));
        dead.headers().add("kafka_original-offset", "1234".getBytes(StandardCharsets.UTF_8));
        dead.headers().add("kafka_exception-message", "not a CloudEvent".getBytes(StandardCharsets.UTF_8));
        dead.headers().add("tributary-reason-code", "UNREADABLE".getBytes(StandardCharsets.UTF_8));

        LedgerRows.DeadLetterRow row = rows.read(List.of(dead)).deadLetters().get(0);

        assertThat(row.originalTopic()).isEqualTo("tx.events");
        assertThat(row.originalPartition()).isEqualTo(2);
        assertThat(row.originalOffset()).isEqualTo(1234L);
        assertThat(row.reason()).isEqualTo("not a CloudEvent");
        assertThat(row.reasonCode()).isEqualTo("UNREADABLE");
        assertThat(row.eventId()).isNull();
        assertThat(row.valueBytes()).isEqualTo(8);
    }

    @Test
    void shouldReadTheProvenanceTributaryWritesInTheOneEncodingAndTheReasonCode() {
        ConsumerRecord<String, String> dead = new ConsumerRecord<>("tx.handler.sync-dlt", 0, 3, "k", "{}");
        DeadLetterHeaders.writeOrigin(dead.headers(), "tx.handler.sync-retry-2", 5, 12345678L, 1_700_000_000_000L);
        DeadLetterHeaders.writeReason(dead.headers(), DeadLetterHeaders.ReasonCode.RETRIES_EXHAUSTED,
                "every attempt failed");
        DeadLetterHeaders.writeText(dead.headers(), DeadLetterHeaders.LAST_STATUS, "503");

        LedgerRows.DeadLetterRow row = rows.read(List.of(dead)).deadLetters().get(0);

        assertThat(row.originalTopic()).isEqualTo("tx.handler.sync-retry-2");
        assertThat(row.originalPartition()).isEqualTo(5);
        assertThat(row.originalOffset()).isEqualTo(12345678L);
        assertThat(row.reason()).isEqualTo("every attempt failed");
        assertThat(row.reasonCode()).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(row.lastStatus()).isEqualTo(503);
    }
}
