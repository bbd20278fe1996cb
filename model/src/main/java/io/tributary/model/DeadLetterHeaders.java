package io.tributary.model;

/**
 * The header names of Tributary's dead letters. The exception headers are spring-kafka's
 * ({@code DeadLetterPublishingRecoverer}'s {@code kafka_exception-*}), so every dead-letter topic reads alike; the
 * {@code tributary-*} ones add what a dead letter of the capture carries instead of an original topic and offset:
 * the change's table, key, WAL position and commit time. Every value is UTF-8 text.
 */
public final class DeadLetterHeaders {

    /** Why the record is a dead letter, one sentence. */
    public static final String REASON = "tributary-reason";

    /** The class name of the exception that made it one (or of the rule that refused it). */
    public static final String EXCEPTION_FQCN = "kafka_exception-fqcn";

    /** The exception's message. */
    public static final String EXCEPTION_MESSAGE = "kafka_exception-message";

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

    private DeadLetterHeaders() {
    }
}
