package io.tributary.capture.engine;

import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.TopicLayout;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The dead letter of a change the capture could not convert or write: the change's provenance in
 * {@link DeadLetterHeaders} (table, key, WAL position, commit time, the reason and the exception), and as much of
 * the row as fits in one Kafka record of {@link TopicLayout#MAX_RECORD_BYTES} as its value: the event's JSON when
 * the change was converted, else Debezium's change as JSON. Stateless and thread-safe.
 */
final class CaptureDeadLetter {

    /** Room left for the record's own framing (lengths, timestamps, attributes) beside key, value and headers. */
    private static final int RECORD_FRAMING_BYTES = 1024;

    /** The most bytes of one header's value. */
    static final int MAX_HEADER_BYTES = 4096;

    private CaptureDeadLetter() {
    }

    /**
     * @param topic   the dead-letter topic
     * @param change  the change as Debezium gave it
     * @param key     the record key: the event's when it was converted, else {@code null} for {@code schema.table/key}
     * @param payload the event's JSON, or {@code null} to render Debezium's change
     * @param reason  why it is a dead letter, one sentence
     * @param cause   the exception that made it one
     */
    static ProducerRecord<String, byte[]> of(String topic, SourceRecord change, String key, byte[] payload,
            String reason, Throwable cause) {
        return of(topic, change, key, payload, null, reason, cause);
    }

    /**
     * The dead letter with its reason code ({@code tributary-reason-code}) beside the reason.
     *
     * @param code why it is a dead letter, or {@code null} for none
     */
    static ProducerRecord<String, byte[]> of(String topic, SourceRecord change, String key, byte[] payload,
            DeadLetterHeaders.ReasonCode code, String reason, Throwable cause) {
        Struct source = source(change);
        String table = source == null ? "" : source.getString("schema") + "." + source.getString("table");
        String recordId = keyText(change.key());
        RecordHeaders headers = new RecordHeaders();
        if (code != null) {
            add(headers, DeadLetterHeaders.REASON_CODE, code.name());
        }
        add(headers, DeadLetterHeaders.REASON, reason);
        add(headers, DeadLetterHeaders.EXCEPTION_FQCN, cause.getClass().getName());
        add(headers, DeadLetterHeaders.EXCEPTION_MESSAGE, String.valueOf(cause.getMessage()));
        add(headers, DeadLetterHeaders.TABLE, table);
        add(headers, DeadLetterHeaders.KEY, recordId);
        Long lsn = source == null || source.schema().field("lsn") == null ? null : source.getInt64("lsn");
        add(headers, DeadLetterHeaders.LSN, lsn == null ? "" : lsnText(lsn));
        Long commitMillis = source == null || source.schema().field("ts_ms") == null ? null : source.getInt64("ts_ms");
        add(headers, DeadLetterHeaders.COMMIT_TIME, commitMillis == null ? "" : Instant.ofEpochMilli(commitMillis).toString());
        byte[] whole = payload != null ? payload : render(change);
        add(headers, DeadLetterHeaders.VALUE_BYTES, Integer.toString(whole.length));
        String recordKey = key != null ? key : table + "/" + recordId;
        int room = TopicLayout.MAX_RECORD_BYTES - RECORD_FRAMING_BYTES - recordKey.getBytes(StandardCharsets.UTF_8).length
                - headerBytes(headers) - (DeadLetterHeaders.TRUNCATED.length() + 5);
        byte[] value = truncate(whole, Math.max(0, room));
        add(headers, DeadLetterHeaders.TRUNCATED, Boolean.toString(value.length < whole.length));
        return new ProducerRecord<>(topic, null, recordKey, value, headers);
    }

    /** The same dead letter without its value, for a dead-letter topic that refused the value. */
    static ProducerRecord<String, byte[]> withoutValue(ProducerRecord<String, byte[]> letter) {
        RecordHeaders headers = new RecordHeaders(letter.headers().toArray());
        headers.remove(DeadLetterHeaders.TRUNCATED);
        add(headers, DeadLetterHeaders.TRUNCATED, "true");
        return new ProducerRecord<>(letter.topic(), null, letter.key(), new byte[0], headers);
    }

    /**
     * The first bytes of a UTF-8 text, at most {@code limit}, cut before a character rather than inside one.
     */
    static byte[] truncate(byte[] utf8, int limit) {
        if (utf8.length <= limit) {
            return utf8;
        }
        int end = limit;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--; // utf8[end] continues the character before it: cut before that character
        }
        return Arrays.copyOf(utf8, end);
    }

    /** PostgreSQL's {@code X/Y} form of a WAL position, as event ids spell it. */
    static String lsnText(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }

    /** The key's values joined by {@code :} in key order; empty for a table without a primary key. */
    static String keyText(Object key) {
        if (!(key instanceof Struct struct)) {
            return key == null ? "" : String.valueOf(key);
        }
        StringJoiner joined = new StringJoiner(":");
        for (Field field : struct.schema().fields()) {
            joined.add(String.valueOf(struct.get(field)));
        }
        return joined.toString();
    }

    private static Struct source(SourceRecord change) {
        if (change.value() instanceof Struct value && value.schema().field("source") != null
                && value.get("source") instanceof Struct source && source.schema().field("schema") != null
                && source.schema().field("table") != null) {
            return source;
        }
        return null;
    }

    /** Debezium's change as JSON without its schema; its text form when even that fails. */
    private static byte[] render(SourceRecord change) {
        try (JsonConverter json = new JsonConverter()) {
            json.configure(Map.of("schemas.enable", "false", "converter.type", "value"));
            return json.fromConnectData(change.topic(), change.valueSchema(), change.value());
        } catch (RuntimeException e) {
            return String.valueOf(change.value()).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static int headerBytes(RecordHeaders headers) {
        int bytes = 0;
        for (Header header : headers) {
            bytes += header.key().length() + header.value().length + 10; // two varint lengths
        }
        return bytes;
    }

    /** A header's value, at most {@link #MAX_HEADER_BYTES} of it (an exception's message may quote a whole row). */
    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, truncate(value.getBytes(StandardCharsets.UTF_8), MAX_HEADER_BYTES));
    }
}
