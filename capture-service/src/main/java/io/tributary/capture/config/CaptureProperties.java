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
        Map<String, String> debezium) {

    public CaptureProperties {
        tables = tables == null ? List.of() : List.copyOf(tables);
        debezium = debezium == null ? Map.of() : Map.copyOf(debezium);
        outboxTable = outboxTable == null || outboxTable.isBlank() ? null : outboxTable;
        database = database == null ? new Database("localhost", 5432, "postgres", "postgres", "") : database;
        List<String> problems = new ArrayList<>();
        if (!slotName.matches("[a-z0-9_]{1,63}")) {
            problems.add("tributary.capture.slot-name must be 1 to 63 of a-z, 0-9 and _, got '" + slotName + "'");
        }
        if (!publicationName.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            problems.add("tributary.capture.publication-name must be a plain identifier, got '" + publicationName + "'");
        }
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i).name() == null || !tables.get(i).name().matches("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*")) {
                problems.add("tributary.capture.tables[" + i + "].name must be schema.table");
            }
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            problems.add("tributary.capture.heartbeat-interval must be positive");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid capture configuration: " + String.join("; ", problems));
        }
    }

    /** The source database. */
    public record Database(@DefaultValue("localhost") String host, @DefaultValue("5432") int port,
            @DefaultValue("postgres") String name, @DefaultValue("postgres") String user, String password) {
    }

    /** A captured table and the column holding its rows' tenant (may be absent). */
    public record Table(String name, String tenantColumn) {
    }
}
