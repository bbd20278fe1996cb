package io.tributary.capture.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
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
 * @param debezium          connector settings, passed through
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
        Map<String, String> debezium) {

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
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid capture configuration: " + String.join("; ", problems));
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
