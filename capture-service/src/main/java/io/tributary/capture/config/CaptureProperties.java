package io.tributary.capture.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.tributary.model.TopicLayout;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of row-change capture under {@code tributary.capture}. Debezium connector settings pass through
 * unchanged under {@code tributary.capture.debezium.*} and win over the ones derived here. Invalid values fail
 * start-up, all listed at once.
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
        List<String> problems = new ArrayList<>();
        if (!slotName.matches("[a-z0-9_]{1,63}")) {
            problems.add("tributary.capture.slot-name must be 1 to 63 of a-z, 0-9 and _, got '" + slotName + "'");
        }
        if (!publicationName.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            problems.add("tributary.capture.publication-name must be a plain identifier, got '" + publicationName + "'");
        }
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i).name() == null || !TABLE_NAME.matcher(tables.get(i).name()).matches()) {
                problems.add("tributary.capture.tables[" + i + "].name must be schema.table");
            }
        }
        if (outboxTable != null && !TABLE_NAME.matcher(outboxTable).matches()) {
            problems.add("tributary.capture.outbox-table must be schema.table, got '" + outboxTable + "'");
        }
        if (subscriptionTable != null && !TABLE_NAME.matcher(subscriptionTable).matches()) {
            problems.add("tributary.capture.subscription-table must be schema.table, got '" + subscriptionTable + "'");
        }
        if (signalTable == null || !TABLE_NAME.matcher(signalTable).matches()) {
            problems.add("tributary.capture.signal-table must be schema.table, got '" + signalTable + "'");
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            problems.add("tributary.capture.heartbeat-interval must be positive");
        }
        if (FailureHandling.parse(failureHandlingMode) == null) {
            problems.add("tributary.capture.failure-handling-mode must be dead-letter, skip or fail, got '"
                    + failureHandlingMode + "'");
        }
        if (maxEventBytes < 1024 || maxEventBytes > MAX_EVENT_BYTES_LIMIT) {
            problems.add("tributary.capture.max-event-bytes must be between 1024 and " + MAX_EVENT_BYTES_LIMIT
                    + ", got " + maxEventBytes);
        }
        for (Map.Entry<String, String> kept : DEBEZIUM_KEPT.entrySet()) {
            String value = debezium.get(kept.getKey());
            if (value != null && !value.trim().equals(kept.getValue())) {
                problems.add("tributary.capture.debezium." + kept.getKey() + " must be " + kept.getValue()
                        + " (or unset), got '" + value + "': the capture handles failed changes per"
                        + " tributary.capture.failure-handling-mode and restarts itself per tributary.capture.restart.*");
            }
        }
        restart = restart == null ? new Restart(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1)) : restart;
        problems.addAll(restart.problems());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid capture configuration: " + String.join("; ", problems));
        }
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

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (initialInterval == null || initialInterval.isNegative() || initialInterval.isZero()) {
                problems.add("tributary.capture.restart.initial-interval must be positive");
            }
            if (!(multiplier >= 1.0)) {
                problems.add("tributary.capture.restart.multiplier must be at least 1, got " + multiplier);
            }
            if (maxInterval == null || initialInterval != null && maxInterval.compareTo(initialInterval) < 0) {
                problems.add("tributary.capture.restart.max-interval must be at least the initial interval");
            }
            return problems;
        }
    }

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
