package io.tributary.capture.config;

import io.tributary.model.TopicLayout;
import io.tributary.model.config.ConfigurationProblems;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of row-change capture under {@code tributary.capture}. Debezium connector settings pass through
 * unchanged under {@code tributary.capture.debezium.*} and win over the ones derived here. Invalid values fail
 * start-up, every one listed at once with its full key, value and reason ({@link ConfigurationProblems}).
 *
 * @param enabled           whether this process captures
 * @param database          the source database
 * @param slotName          the logical replication slot (one capture per slot)
 * @param publicationName   the publication Debezium reads
 * @param tables            the captured tables, {@code schema.table}, with their tenant columns
 * @param topicPrefix       the prefix of Tributary's topics
 * @param offsetsTopic      the compacted topic that keeps the capture's position
 * @param heartbeatInterval how often the position advances on an idle or filtered database
 * @param snapshotMode      Debezium's snapshot mode: {@code no_data} streams changes from now on
 * @param outboxTable       the transactional outbox table captured as application events; empty for none
 * @param subscriptionTable the table of subscriptions managed with SQL, mirrored into the subscriptions topic when
 *                          it exists; empty for none
 * @param signalTable       the table through which incremental snapshots are signalled; created when missing
 * @param tablesTopic       the compacted topic that keeps the tables attached at runtime
 * @param debezium          connector settings, passed through (apart from the few that would let Debezium drop a
 *                          change or retry out of sight, see {@link #DEBEZIUM_KEPT})
 * @param failureHandlingMode what happens to a change the capture cannot convert or write: {@code dead-letter}
 *                          (the default: to {@code <prefix>.capture-dlt}, and the next change flows), {@code skip}
 *                          (logged and counted, nothing written) or {@code fail} (the capture stops and retries
 *                          the change with backoff until it can be written)
 * @param maxEventBytes     the largest event (key and value) written to the events topic; a larger change is a
 *                          failure handled by {@code failureHandlingMode}
 * @param restart           the backoff between restarts of a capture that stopped
 */
@ConfigurationProperties("tributary.capture")
public record CaptureProperties(
        @DefaultValue("true") boolean enabled,
        Database database,
        @DefaultValue("tributary") String slotName,
        @DefaultValue("tributary") String publicationName,
        List<Table> tables,
        @DefaultValue("tributary") String topicPrefix,
        @DefaultValue("tributary.capture-offsets") String offsetsTopic,
        @DefaultValue("PT10S") Duration heartbeatInterval,
        @DefaultValue("no_data") String snapshotMode,
        @DefaultValue("public.tributary_outbox") String outboxTable,
        @DefaultValue("public.tributary_subscription") String subscriptionTable,
        @DefaultValue("public.tributary_signal") String signalTable,
        @DefaultValue("tributary.capture-tables") String tablesTopic,
        Map<String, String> debezium,
        @DefaultValue("dead-letter") String failureHandlingMode,
        @DefaultValue("" + TopicLayout.MAX_EVENT_BYTES) int maxEventBytes,
        @DefaultValue Restart restart) {

    /**
     * Connector settings Tributary keeps at one value: Debezium's {@code warn} and {@code skip} would drop a change
     * or null a column with only a log line, and its own retries would reconnect out of sight of readiness. The
     * capture handles failed changes per {@code failure-handling-mode} and restarts the engine itself.
     */
    public static final Map<String, String> DEBEZIUM_KEPT = Map.of(
            "event.processing.failure.handling.mode", "fail",
            "event.converting.failure.handling.mode", "fail",
            "errors.max.retries", "0");

    /** The largest {@code max-event-bytes}: what a producer request and the broker's socket take with room. */
    public static final int MAX_EVENT_BYTES_LIMIT = 64 * 1_048_576;

    /** A capture of the given settings with the default failure handling, event limit and restart backoff. */
    public CaptureProperties(boolean enabled, Database database, String slotName, String publicationName,
            List<Table> tables, String topicPrefix, String offsetsTopic, Duration heartbeatInterval,
            String snapshotMode, String outboxTable, String subscriptionTable, String signalTable, String tablesTopic,
            Map<String, String> debezium) {
        this(enabled, database, slotName, publicationName, tables, topicPrefix, offsetsTopic, heartbeatInterval,
                snapshotMode, outboxTable, subscriptionTable, signalTable, tablesTopic, debezium, "dead-letter",
                TopicLayout.MAX_EVENT_BYTES, null);
    }

    @ConstructorBinding
    public CaptureProperties {
        tables = tables == null ? List.of() : List.copyOf(tables);
        debezium = debezium == null ? Map.of() : Map.copyOf(debezium);
        outboxTable = outboxTable == null || outboxTable.isBlank() ? null : outboxTable;
        subscriptionTable = subscriptionTable == null || subscriptionTable.isBlank() ? null : subscriptionTable;
        database = database == null ? new Database("localhost", 5432, "postgres", "postgres", "") : database;
        restart = restart == null ? new Restart(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1)) : restart;
        ConfigurationProblems problems = new ConfigurationProblems("capture", "tributary.capture");
        problems.range("database.port", database.port(), 1, 65_535);
        problems.matches("slot-name", slotName, SLOT_NAME, "1 to 63 of a-z, 0-9 and _");
        problems.matches("publication-name", publicationName, IDENTIFIER, "a plain identifier");
        for (int i = 0; i < tables.size(); i++) {
            problems.matches("tables[" + i + "].name", tables.get(i).name(), TABLE_NAME, "schema.table");
        }
        problems.topicPrefix("topic-prefix", topicPrefix);
        problems.notBlank("offsets-topic", offsetsTopic);
        problems.positive("heartbeat-interval", heartbeatInterval);
        if (outboxTable != null) {
            problems.matches("outbox-table", outboxTable, TABLE_NAME, "schema.table, or empty for none");
        }
        if (subscriptionTable != null) {
            problems.matches("subscription-table", subscriptionTable, TABLE_NAME, "schema.table, or empty for none");
        }
        problems.matches("signal-table", signalTable, TABLE_NAME, "schema.table");
        problems.notBlank("tables-topic", tablesTopic);
        for (Map.Entry<String, String> kept : new java.util.TreeMap<>(DEBEZIUM_KEPT).entrySet()) {
            String value = debezium.get(kept.getKey());
            problems.check(value == null || value.trim().equals(kept.getValue()), "debezium." + kept.getKey(), value,
                    "must be " + kept.getValue() + " (or unset): the capture handles failed changes per"
                            + " tributary.capture.failure-handling-mode and restarts itself per"
                            + " tributary.capture.restart.*");
        }
        problems.check(FailureHandling.parse(failureHandlingMode) != null, "failure-handling-mode",
                failureHandlingMode, "must be dead-letter, skip or fail");
        problems.range("max-event-bytes", maxEventBytes, 1024, MAX_EVENT_BYTES_LIMIT);
        restart.check(problems.nested("restart"));
        problems.throwIfAny();
    }

    /** The failure handling mode. */
    public FailureHandling failureHandling() {
        return FailureHandling.parse(failureHandlingMode);
    }

    /** What happens to a change the capture cannot convert or write. */
    public enum FailureHandling {
        /** To the capture's dead-letter topic with its provenance; the next change flows. */
        DEAD_LETTER("dead-letter"),
        /** Logged and counted, nothing written; the next change flows. */
        SKIP("skip"),
        /** The capture stops without committing the change and tries it again after a backoff. */
        FAIL("fail");

        private final String value;

        FailureHandling(String value) {
            this.value = value;
        }

        /** The mode's configuration value. */
        public String value() {
            return value;
        }

        /** The mode of a configuration value, or {@code null} when there is none of that name. */
        static FailureHandling parse(String value) {
            for (FailureHandling mode : values()) {
                if (mode.value.equals(value)) {
                    return mode;
                }
            }
            return null;
        }
    }

    /**
     * The exponential backoff between restarts of a capture that stopped: {@code initialInterval}, then each wait
     * {@code multiplier} times the previous one, at most {@code maxInterval}.
     */
    public record Restart(@DefaultValue("PT1S") Duration initialInterval, @DefaultValue("2.0") double multiplier,
            @DefaultValue("PT1M") Duration maxInterval) {

        void check(ConfigurationProblems problems) {
            problems.positive("initial-interval", initialInterval);
            problems.check(multiplier >= 1.0, "multiplier", multiplier, "must be at least 1");
            problems.check(maxInterval != null
                    && (initialInterval == null || maxInterval.compareTo(initialInterval) >= 0), "max-interval",
                    maxInterval, "must be at least initial-interval (" + initialInterval + ")");
        }
    }

    private static final java.util.regex.Pattern SLOT_NAME = java.util.regex.Pattern.compile("[a-z0-9_]{1,63}");
    private static final java.util.regex.Pattern IDENTIFIER =
            java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** What a {@code schema.table} name may be: two plain identifiers. */
    public static final java.util.regex.Pattern TABLE_NAME =
            java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}\\.[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** The source database. */
    public record Database(@DefaultValue("localhost") String host, @DefaultValue("5432") int port,
            @DefaultValue("postgres") String name, @DefaultValue("postgres") String user, String password) {

        /** The JDBC URL of the database. */
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        /** A new connection; the caller closes it. */
        public java.sql.Connection connect() throws java.sql.SQLException {
            return java.sql.DriverManager.getConnection(jdbcUrl(), user, password == null ? "" : password);
        }
    }

    /** A captured table and the column holding its rows' tenant (may be absent). */
    public record Table(String name, String tenantColumn) {
    }
}
