package io.tributary.model;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The names of every Tributary topic, derived from one configurable prefix ({@code tributary} by default).
 * Immutable and thread-safe.
 */
public final class Topics {

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    /** The default prefix. */
    public static final String DEFAULT_PREFIX = "tributary";

    /** The topics under the default prefix. */
    public static final Topics DEFAULT = new Topics(DEFAULT_PREFIX);

    private final String prefix;

    public Topics(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!LEGAL.matcher(prefix).matches() || prefix.length() > 100) {
            throw new IllegalArgumentException("topic prefix '" + prefix
                    + "' must be 1 to 100 characters of a-z, A-Z, 0-9, '.', '_' and '-'");
        }
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** Every change and ingested event: {@code <prefix>.events}. */
    public String events() {
        return prefix + ".events";
    }

    /** What the router could not read or refused: {@code <prefix>.events-dlt}. */
    public String eventsDeadLetter() {
        return events() + "-dlt";
    }

    /**
     * What the capture could not turn into an event or could not write (a change its converter refused, a row
     * larger than the event limit): {@code <prefix>.capture-dlt}, with the change's provenance in
     * {@link DeadLetterHeaders}.
     */
    public String captureDeadLetter() {
        return prefix + ".capture-dlt";
    }

    /**
     * Where the capture keeps its position in the PostgreSQL WAL (Debezium's offset store, compacted):
     * {@code <prefix>.capture-offsets}, the default of {@code tributary.capture.offsets-topic}.
     */
    public String captureOffsets() {
        return prefix + ".capture-offsets";
    }

    /**
     * The tables attached to the capture at runtime (compacted, key {@code schema.table}, tombstone = detached):
     * {@code <prefix>.capture-tables}, the default of {@code tributary.capture.tables-topic}.
     */
    public String captureTables() {
        return prefix + ".capture-tables";
    }

    /** The compacted subscriptions topic, the router's source of truth. */
    public String subscriptions() {
        return prefix + ".subscriptions";
    }

    /** The compacted store of API keys, as hashes: {@code <prefix>.api-keys}. */
    public String apiKeys() {
        return prefix + ".api-keys";
    }

    /** One record per delivery attempt. */
    public String deliveries() {
        return prefix + ".deliveries";
    }

    /** The topic for deliveries of a handler type: {@code WEBHOOK} becomes {@code <prefix>.handler.webhook}. */
    public String handler(String handlerType) {
        return prefix + ".handler." + handlerType.toLowerCase(Locale.ROOT);
    }

    /** The dead-letter topic of a handler topic (spring-kafka's {@code -dlt} suffix). */
    public String handlerDeadLetter(String handlerType) {
        return handler(handlerType) + "-dlt";
    }

    /**
     * The deliveries of a handler type's subscriptions that ask for order, in their record keys' order:
     * {@code WEBHOOK} becomes {@code <prefix>.handler.webhook-ordered}.
     */
    public String handlerOrdered(String handlerType) {
        return handler(handlerType) + "-ordered";
    }

    /**
     * The ledger of redriven dead letters (compacted, key {@code <dead-letter topic>/<partition>:<offset>}), so
     * that {@code tributary dlt redrive} sends each dead letter back once: {@code <prefix>.dlt-redrives}.
     */
    public String dltRedrives() {
        return prefix + ".dlt-redrives";
    }

    /** The prefix every handler topic starts with. */
    public String handlerPrefix() {
        return prefix + ".handler.";
    }

    @Override
    public String toString() {
        return "Topics[" + prefix + "]";
    }
}
