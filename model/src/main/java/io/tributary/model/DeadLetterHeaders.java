package io.tributary.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The headers of Tributary's dead letters, their names and their one encoding; every writer (the router, the client
 * library's {@code DeliveryListener}, the handlers' recoverer, the capture) writes through {@link #writeOrigin},
 * {@link #writeException}, {@link #writeReason} and {@link #writeText}, and every reader ({@code tributary dlt})
 * reads through {@link #originalPartition}, {@link #originalOffset}, {@link #originalTimestamp},
 * {@link #reasonCode} and {@link #text}.
 *
 * <p>The provenance and exception names are spring-kafka's ({@code KafkaHeaders}, as its
 * {@code DeadLetterPublishingRecoverer} writes them), so every dead-letter topic reads alike, and so is the
 * encoding: the original partition is a 4-byte big-endian int, the original offset and timestamp 8-byte big-endian
 * longs, everything else UTF-8 text. A dead letter written this way carries {@link #ENCODING} =
 * {@value #ENCODING_BINARY}. Records written before it existed are read too: the router and the client library
 * wrote those three numbers as decimal text, spring-kafka's recoverer as binary and always with
 * {@link #ORIGINAL_TIMESTAMP_TYPE}; see {@link #number}.
 *
 * <p>The {@code tributary-*} headers add what Tributary knows: the reason in a sentence and as a {@link ReasonCode},
 * attempts, the last HTTP status, the delivery and subscription, and for the capture (which has no original topic
 * and offset) the change's table, key, WAL position and commit time. Stateless and thread-safe.
 */
public final class DeadLetterHeaders {

    /** spring-kafka's: the topic the record was read from. */
    public static final String ORIGINAL_TOPIC = "kafka_original-topic";

    /** spring-kafka's: the partition it was read from, a 4-byte int. */
    public static final String ORIGINAL_PARTITION = "kafka_original-partition";

    /** spring-kafka's: the offset it was read at, an 8-byte long. */
    public static final String ORIGINAL_OFFSET = "kafka_original-offset";

    /** spring-kafka's: its timestamp in epoch milliseconds, an 8-byte long. */
    public static final String ORIGINAL_TIMESTAMP = "kafka_original-timestamp";

    /** spring-kafka's: {@code CreateTime} or {@code LogAppendTime}; only its recoverer writes it. */
    public static final String ORIGINAL_TIMESTAMP_TYPE = "kafka_original-timestamp-type";

    /** spring-kafka's: the consumer group that read it; only its recoverer writes it. */
    public static final String ORIGINAL_CONSUMER_GROUP = "kafka_dlt-original-consumer-group";

    /** The class name of the exception that made it one (or of the rule that refused it). */
    public static final String EXCEPTION_FQCN = "kafka_exception-fqcn";

    /** The exception's message. */
    public static final String EXCEPTION_MESSAGE = "kafka_exception-message";

    /** spring-kafka's: the exception's stack trace; only its recoverer writes it. */
    public static final String EXCEPTION_STACKTRACE = "kafka_exception-stacktrace";

    /** spring-kafka's retry topics: the attempt a forwarded record is due for, a big-endian integer. */
    public static final String RETRY_ATTEMPTS = "retry_topic-attempts";

    /** spring-kafka's retry topics: when a forwarded record is due, epoch milliseconds as a big-endian integer. */
    public static final String RETRY_BACKOFF_TIMESTAMP = "retry_topic-backoff-timestamp";

    /** How the numeric provenance headers are encoded: {@value #ENCODING_BINARY}, written by every new writer. */
    public static final String ENCODING = "tributary-header-encoding";

    /** The value of {@link #ENCODING}: spring-kafka's binary numbers. */
    public static final String ENCODING_BINARY = "binary";

    /** Why the record is a dead letter, one sentence. */
    public static final String REASON = "tributary-reason";

    /** Why the record is a dead letter, as a {@link ReasonCode} name. */
    public static final String REASON_CODE = "tributary-reason-code";

    /** How many attempts were made (the client library), decimal text. */
    public static final String ATTEMPTS = "tributary-attempts";

    /** The HTTP status of the last attempt ({@code 0} when no response came), decimal text. */
    public static final String LAST_STATUS = "tributary-last-status";

    /** On the dead letter of a delivery the router cannot write: the delivery's id. */
    public static final String DELIVERY_ID = "tributary-delivery-id";

    /** On the dead letter of a delivery the router cannot write: its subscription's id. */
    public static final String SUBSCRIPTION_ID = "tributary-subscription-id";

    /** On a dead letter too large to carry the event: the event's size in bytes (it stays on the events topic). */
    public static final String VALUE_OMITTED = "tributary-value-omitted";

    /** On a redriven record: {@code <dead-letter topic>/<partition>:<offset>} it was redriven from. */
    public static final String REDRIVEN_FROM = "tributary-redriven-from";

    /** The captured change's table, {@code schema.table}. */
    public static final String TABLE = "tributary-table";

    /** The captured change's primary key: its values joined by {@code :} in key order. */
    public static final String KEY = "tributary-key";

    /** The captured change's WAL position, PostgreSQL's {@code X/Y} form. */
    public static final String LSN = "tributary-lsn";

    /** The commit time of the captured change's transaction, ISO-8601. */
    public static final String COMMIT_TIME = "tributary-commit-time";

    /** The size in bytes of the whole payload, of which the dead letter's value holds the first part. */
    public static final String VALUE_BYTES = "tributary-value-bytes";

    /** {@code true} when the dead letter's value is the payload cut short to fit in one Kafka record. */
    public static final String TRUNCATED = "tributary-truncated";

    /** Why a record is a dead letter, in {@link #REASON_CODE}: what a script or an alert can match on. */
    public enum ReasonCode {
        /** The record is not what its topic carries: not JSON, not a delivery, no value. */
        UNDECODABLE,
        /** An event that is JSON but not a valid event (a required attribute missing, a bad extension name). */
        INVALID_EVENT,
        /** An event deeper than the router's loop guard allows. */
        TOO_DEEP,
        /** Too large for one Kafka record (a delivery, a captured event). */
        TOO_LARGE,
        /** Kafka refused to take the record for another reason. */
        KAFKA_REFUSED,
        /** A delivery that could not be serialized. */
        UNSERIALIZABLE,
        /** A captured change that could not be converted to an event. */
        UNCONVERTIBLE,
        /** The endpoint answered with a status that trying again cannot change (4xx other than 408 and 429). */
        PERMANENT_HTTP_STATUS,
        /** Trying again cannot help, without an HTTP status: a refused target, a body that cannot be made. */
        PERMANENT_FAILURE,
        /** Every attempt the retry budget allows failed. */
        RETRIES_EXHAUSTED
    }

    private DeadLetterHeaders() {
    }

    /**
     * Writes the provenance of a dead letter read from {@code topic}: its partition, offset and timestamp in
     * spring-kafka's binary encoding, with {@link #ENCODING}. Replaces those headers when present.
     */
    public static void writeOrigin(Headers headers, String topic, int partition, long offset, long timestamp) {
        writeText(headers, ORIGINAL_TOPIC, topic);
        write(headers, ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(partition).array());
        write(headers, ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(offset).array());
        writeTimestamp(headers, timestamp);
    }

    /** Writes the original timestamp alone (a dead letter whose partition and offset are not known). */
    public static void writeTimestamp(Headers headers, long timestamp) {
        write(headers, ORIGINAL_TIMESTAMP, ByteBuffer.allocate(Long.BYTES).putLong(timestamp).array());
        writeEncoding(headers);
    }

    /** Marks the headers as written in the one encoding ({@link #ENCODING} = {@value #ENCODING_BINARY}). */
    public static void writeEncoding(Headers headers) {
        writeText(headers, ENCODING, ENCODING_BINARY);
    }

    /** Writes the exception's class name and message, replacing those headers when present. */
    public static void writeException(Headers headers, String exceptionClass, String message) {
        writeText(headers, EXCEPTION_FQCN, exceptionClass);
        writeText(headers, EXCEPTION_MESSAGE, String.valueOf(message));
    }

    /** Writes why the record is a dead letter, as a code and a sentence, replacing those headers when present. */
    public static void writeReason(Headers headers, ReasonCode code, String reason) {
        writeText(headers, REASON_CODE, code.name());
        writeText(headers, REASON, String.valueOf(reason));
    }

    /** Writes one header as UTF-8 text, replacing it when present. */
    public static void writeText(Headers headers, String name, String value) {
        write(headers, name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Headers headers, String name, byte[] value) {
        headers.remove(name);
        headers.add(name, value);
    }

    /** The original partition, or {@code null} when absent or unreadable. */
    public static Integer originalPartition(Headers headers) {
        Long partition = number(headers, ORIGINAL_PARTITION);
        return partition == null || partition < Integer.MIN_VALUE || partition > Integer.MAX_VALUE ? null
                : partition.intValue();
    }

    /** The original offset, or {@code null} when absent or unreadable. */
    public static Long originalOffset(Headers headers) {
        return number(headers, ORIGINAL_OFFSET);
    }

    /** The original timestamp in epoch milliseconds, or {@code null} when absent or unreadable. */
    public static Long originalTimestamp(Headers headers) {
        return number(headers, ORIGINAL_TIMESTAMP);
    }

    /** The reason code, or {@code null} when absent (a dead letter written before it existed) or unknown. */
    public static ReasonCode reasonCode(Headers headers) {
        String code = lastText(headers, REASON_CODE);
        if (code == null) {
            return null;
        }
        try {
            return ReasonCode.valueOf(code.strip());
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /**
     * The value of one of the numeric provenance headers ({@link #ORIGINAL_PARTITION}, {@link #ORIGINAL_OFFSET},
     * {@link #ORIGINAL_TIMESTAMP}), or {@code null} when absent or unreadable. Binary when the record says so
     * ({@link #ENCODING}) or carries {@link #ORIGINAL_TIMESTAMP_TYPE} (spring-kafka's recoverer, which always
     * wrote binary); otherwise, a record written by the router or the client library before {@link #ENCODING}
     * existed, decimal text. The length of a value alone never decides: {@code 12345678} is eight bytes of text.
     * A value that is neither (no marker, not decimal) is read as binary when it has the length of a binary one.
     */
    public static Long number(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : decode(headers, name, header.value());
    }

    private static Long decode(Headers headers, String name, byte[] value) {
        int width = name.equals(ORIGINAL_PARTITION) ? Integer.BYTES : Long.BYTES;
        if (binary(headers)) {
            return binaryNumber(value, width);
        }
        Long decimal = decimal(value);
        return decimal != null ? decimal : binaryNumber(value, width);
    }

    /**
     * A header's value as a person reads it: the numeric provenance headers as decimal numbers (see
     * {@link #number}), spring-kafka's retry counters as integers, anything else as UTF-8 text; {@code null}
     * values as {@code null}, and a number that cannot be read as {@code 0x} and its bytes in hex.
     */
    public static String text(Headers headers, Header header) {
        byte[] value = header.value();
        if (value == null) {
            return "null";
        }
        String key = header.key();
        if (key.equals(ORIGINAL_PARTITION) || key.equals(ORIGINAL_OFFSET) || key.equals(ORIGINAL_TIMESTAMP)) {
            Long number = decode(headers, key, value);
            return number != null ? number.toString() : "0x" + HexFormat.of().formatHex(value);
        }
        if (key.startsWith("retry_topic-") && value.length > 0 && value.length <= 8) {
            return new java.math.BigInteger(value).toString();
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    /** The last value of a header as UTF-8 text, or {@code null} when absent. */
    public static String lastText(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static boolean binary(Headers headers) {
        return ENCODING_BINARY.equals(lastText(headers, ENCODING))
                || headers.lastHeader(ORIGINAL_TIMESTAMP_TYPE) != null;
    }

    private static Long binaryNumber(byte[] value, int width) {
        if (value.length != width) {
            return null;
        }
        return width == Integer.BYTES ? (long) ByteBuffer.wrap(value).getInt() : ByteBuffer.wrap(value).getLong();
    }

    private static Long decimal(byte[] value) {
        if (value.length == 0 || value.length > 20) {
            return null;
        }
        for (int i = 0; i < value.length; i++) {
            boolean digit = value[i] >= '0' && value[i] <= '9';
            if (!digit && !(i == 0 && value[i] == '-' && value.length > 1)) {
                return null;
            }
        }
        try {
            return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }
}
