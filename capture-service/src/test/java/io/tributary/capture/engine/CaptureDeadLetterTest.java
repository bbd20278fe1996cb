package io.tributary.capture.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.TopicLayout;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class CaptureDeadLetterTest {

    private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA)
            .field("line", Schema.INT32_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().optional().field("id", Schema.INT64_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema SOURCE = SchemaBuilder.struct().field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema CHANGE = SchemaBuilder.struct().field("op", Schema.STRING_SCHEMA)
            .field("after", ROW).field("source", SOURCE).build();

    private static SourceRecord change(String note) {
        Struct source = new Struct(SOURCE).put("schema", "public").put("table", "orders")
                .put("lsn", 0x16B374D848L).put("ts_ms", 1_705_314_600_123L);
        Struct value = new Struct(CHANGE).put("op", "c").put("after", new Struct(ROW).put("id", 7L).put("note", note))
                .put("source", source);
        return new SourceRecord(Map.of(), Map.of(), "tributary.public.orders", KEY,
                new Struct(KEY).put("id", 7L).put("line", 2), CHANGE, value);
    }

    private static Map<String, String> headers(ProducerRecord<String, byte[]> letter) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : letter.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    @Test
    void shouldCarryTheChangesProvenanceAndDebeziumsChangeAsJsonWhenItWasNotConverted() {
        ProducerRecord<String, byte[]> letter = CaptureDeadLetter.of("tributary.capture-dlt", change("hello"), null,
                null, "the change could not be converted to an event: boom", new IllegalArgumentException("boom"));

        assertThat(letter.topic()).isEqualTo("tributary.capture-dlt");
        assertThat(letter.key()).isEqualTo("public.orders/7:2");
        String json = "{\"op\":\"c\",\"after\":{\"id\":7,\"note\":\"hello\"},\"source\":{\"schema\":\"public\","
                + "\"table\":\"orders\",\"lsn\":97500059720,\"ts_ms\":1705314600123}}";
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo(json);
        assertThat(headers(letter)).containsExactly(
                Map.entry(DeadLetterHeaders.REASON, "the change could not be converted to an event: boom"),
                Map.entry(DeadLetterHeaders.EXCEPTION_FQCN, "java.lang.IllegalArgumentException"),
                Map.entry(DeadLetterHeaders.EXCEPTION_MESSAGE, "boom"),
                Map.entry(DeadLetterHeaders.TABLE, "public.orders"),
                Map.entry(DeadLetterHeaders.KEY, "7:2"),
                Map.entry(DeadLetterHeaders.LSN, "16/B374D848"),
                Map.entry(DeadLetterHeaders.COMMIT_TIME, "2024-01-15T10:30:00.123Z"),
                Map.entry(DeadLetterHeaders.VALUE_BYTES, Integer.toString(json.length())),
                Map.entry(DeadLetterHeaders.TRUNCATED, "false"));
    }

    @Test
    void shouldCutAPayloadTooLargeForOneRecordSoThatTheDeadLetterItselfFits() {
        byte[] event = ("{\"note\":\"" + "é".repeat(3_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> letter = CaptureDeadLetter.of("tributary.capture-dlt", change("x"),
                "co_1//postgres/shop/public/orders/7", event, DeadLetterHeaders.ReasonCode.TOO_LARGE, "too large",
                new RecordTooLargeException("too large"));

        assertThat(letter.key()).isEqualTo("co_1//postgres/shop/public/orders/7");
        int headerBytes = 0;
        for (Header header : letter.headers()) {
            headerBytes += header.key().length() + header.value().length;
        }
        assertThat(letter.key().length() + letter.value().length + headerBytes).isLessThan(TopicLayout.MAX_RECORD_BYTES);
        assertThat(letter.value().length).isGreaterThan(TopicLayout.MAX_RECORD_BYTES - 4096);
        String text = new String(letter.value(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\"note\":\"éé").doesNotContain("\uFFFD");
        assertThat(headers(letter)).containsEntry(DeadLetterHeaders.VALUE_BYTES, Integer.toString(event.length))
                .containsEntry(DeadLetterHeaders.TRUNCATED, "true")
                .containsEntry(DeadLetterHeaders.REASON_CODE, "TOO_LARGE")
                .containsEntry(DeadLetterHeaders.REASON, "too large");
    }

    @Test
    void shouldCutUtf8BeforeACharacterNeverInsideOne() {
        byte[] text = "aé€😀".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 + 4 bytes
        assertThat(new String(CaptureDeadLetter.truncate(text, 2), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(new String(CaptureDeadLetter.truncate(text, 3), StandardCharsets.UTF_8)).isEqualTo("aé");
        assertThat(new String(CaptureDeadLetter.truncate(text, 9), StandardCharsets.UTF_8)).isEqualTo("aé€");
        assertThat(CaptureDeadLetter.truncate(text, 10)).isSameAs(text);
    }

    @Test
    void shouldDescribeAnEngineFailureByItsInnermostCauseWithAMessage() {
        Exception error = new IllegalStateException("connector stopped",
                new java.sql.SQLException("I/O error", new java.io.EOFException()));
        assertThat(CaptureEngine.describe(error)).isEqualTo("connector stopped; caused by SQLException: I/O error");
        assertThat(CaptureEngine.describe(new IllegalStateException("alone"))).isEqualTo("alone");
    }

    @Test
    void shouldDescribeAnEngineFailureByItsInnermostCause() {
        Exception error = new IllegalStateException("Error while processing event",
                new RuntimeException("wrapper", new java.sql.SQLException("FATAL: terminating connection")));
        assertThat(CaptureEngine.describe(error)).isEqualTo(
                "Error while processing event; caused by SQLException: FATAL: terminating connection");
    }

    @Test
    void shouldNameEveryEmptyEnumAndTheFix() {
        assertThat(EmptyEnums.problem("shop", java.util.List.of("public.mood")))
                .isEqualTo("database shop has an enum type without values (public.mood), which Debezium's PostgreSQL"
                        + " connector cannot start with (a NullPointerException in its TypeRegistry): give it a value"
                        + " (ALTER TYPE public.mood ADD VALUE '...') or drop it (DROP TYPE public.mood); the capture"
                        + " starts on its own once none is left");
    }
}
