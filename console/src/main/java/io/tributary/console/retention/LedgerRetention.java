package io.tributary.console.retention;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.tributary.console.ledger.LedgerWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Ages and expunges the ledger, in PostgreSQL.
 *
 * <ul>
 *   <li>{@link #sweep}: every row older than {@code history} goes; the payloads (an event's {@code data} and the
 *       {@code subject} its filter search reads, an attempt's response excerpt) of rows older than their tenant's
 *       {@code payloads} are cleared, the row itself staying searchable by its other columns. Each statement
 *       touches at most {@code batch} rows, so the ledger's writer is never held up for long.</li>
 *   <li>{@link #expungeTenant} and {@link #expungeRecord}: on request, everything the ledger holds of a tenant, or
 *       of one record (its events, the deliveries and attempts they caused and their dead letters), goes at once.</li>
 * </ul>
 *
 * <p>What Kafka's topics hold is governed by their own retention ({@code retention.ms}), not by this. Thread-safe.
 */
public final class LedgerRetention {

    /** The ledger's tables, children first. */
    static final List<String> TABLES = List.of("attempts", "dead_letters", "deliveries", "events");

    private static final String S = LedgerWriter.SCHEMA + ".";

    private final JdbcTemplate jdbc;
    private final RetentionProperties properties;

    public LedgerRetention(JdbcTemplate jdbc, RetentionProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** What a sweep did: rows deleted and payloads cleared. */
    public record Swept(long rowsDeleted, long payloadsCleared) {
    }

    /** Deletes what is older than the history and clears the payloads older than theirs, as of {@code now}. */
    public Swept sweep(Instant now) {
        Timestamp historyCutoff = Timestamp.from(now.minus(properties.history()));
        long deleted = 0;
        for (String table : TABLES) {
            deleted += inBatches("DELETE FROM " + S + table + " WHERE ctid IN (SELECT ctid FROM " + S + table
                    + " WHERE at < ? LIMIT " + properties.batch() + ")", historyCutoff);
        }
        long cleared = 0;
        List<String> ownRules = List.copyOf(properties.tenantPayloads().keySet());
        for (String tenant : ownRules) {
            Timestamp cutoff = Timestamp.from(now.minus(properties.payloadsOf(tenant)));
            cleared += clearPayloads("tenant = ?", cutoff, tenant);
        }
        Timestamp cutoff = Timestamp.from(now.minus(properties.payloads()));
        if (ownRules.isEmpty()) {
            cleared += clearPayloads("TRUE", cutoff);
        } else {
            cleared += clearPayloads("(tenant IS NULL OR NOT (tenant = ANY (?)))", cutoff,
                    (Object) ownRules.toArray(String[]::new));
        }
        return new Swept(deleted, cleared);
    }

    private long clearPayloads(String tenantCondition, Timestamp cutoff, Object... tenantArguments) {
        long cleared = 0;
        Object[] arguments = arguments(tenantArguments, cutoff);
        // An event's payloads: its data, its filter subject and its attributes (a producer's extension attributes
        // may carry personal data too); its id, type, source, tenant, table and record id stay searchable.
        cleared += inBatches("UPDATE " + S + "events SET data = NULL, subject = NULL, attributes = NULL WHERE ctid IN"
                + " (SELECT ctid FROM " + S + "events WHERE " + tenantCondition + " AND at < ? AND (data IS NOT NULL"
                + " OR subject IS NOT NULL OR attributes IS NOT NULL) LIMIT " + properties.batch() + ")", arguments);
        // An attempt's payloads: the response excerpt and the body of the request it sent (its headers stay).
        cleared += inBatches("UPDATE " + S + "attempts SET response_body = NULL, request = request - 'body'"
                + " WHERE ctid IN (SELECT ctid FROM " + S + "attempts WHERE " + tenantCondition + " AND at < ?"
                + " AND (response_body IS NOT NULL OR request -> 'body' IS NOT NULL) LIMIT " + properties.batch()
                + ")", arguments);
        return cleared;
    }

    private static Object[] arguments(Object[] first, Object last) {
        Object[] all = new Object[first.length + 1];
        System.arraycopy(first, 0, all, 0, first.length);
        all[first.length] = last;
        return all;
    }

    /** Runs a statement that touches at most one batch until it touches nothing; the rows it touched in all. */
    private long inBatches(String sql, Object... arguments) {
        long total = 0;
        int touched;
        do {
            touched = jdbc.update(connection -> {
                var statement = connection.prepareStatement(sql);
                for (int i = 0; i < arguments.length; i++) {
                    if (arguments[i] instanceof String[] texts) {
                        statement.setArray(i + 1, connection.createArrayOf("text", texts));
                    } else {
                        statement.setObject(i + 1, arguments[i]);
                    }
                }
                return statement;
            });
            total += touched;
        } while (touched > 0);
        return total;
    }

    /** Deletes everything the ledger holds of {@code tenant}; the rows deleted per table. */
    public Map<String, Integer> expungeTenant(String tenant) {
        Map<String, Integer> deleted = new LinkedHashMap<>();
        // Attempts recorded before they carried their tenant are found through their delivery.
        deleted.put("attempts", jdbc.update("DELETE FROM " + S + "attempts WHERE tenant = ? OR delivery_id IN"
                + " (SELECT delivery_id FROM " + S + "deliveries WHERE tenant = ?)", tenant, tenant));
        for (String table : List.of("dead_letters", "deliveries", "events")) {
            deleted.put(table, jdbc.update("DELETE FROM " + S + table + " WHERE tenant = ?", tenant));
        }
        return deleted;
    }

    /**
     * Deletes everything the ledger holds of one record ({@code record_id}, the row's primary key as events carry it):
     * its events, and the deliveries, attempts and dead letters of those events; within {@code tenant} when it is
     * given. The rows deleted per table.
     */
    public Map<String, Integer> expungeRecord(String recordId, String tenant) {
        String scope = tenant == null ? "" : " AND tenant = ?";
        Object[] key = tenant == null ? new Object[] {recordId} : new Object[] {recordId, tenant};
        List<String> eventIds = new ArrayList<>(jdbc.queryForList("SELECT event_id FROM " + S
                + "events WHERE record_id = ?" + scope, String.class, key));
        String[] ids = eventIds.toArray(String[]::new);
        Map<String, Integer> deleted = new LinkedHashMap<>();
        deleted.put("attempts", jdbc.update(connection -> {
            var statement = connection.prepareStatement("DELETE FROM " + S + "attempts WHERE (record_id = ?"
                    + scope + ") OR event_id = ANY (?) OR delivery_id IN (SELECT delivery_id FROM " + S + "deliveries"
                    + " WHERE event_id = ANY (?))");
            int i = bind(statement, key);
            statement.setArray(i, connection.createArrayOf("text", ids));
            statement.setArray(i + 1, connection.createArrayOf("text", ids));
            return statement;
        }));
        deleted.put("dead_letters", jdbc.update(connection -> {
            var statement = connection.prepareStatement("DELETE FROM " + S
                    + "dead_letters WHERE event_id = ANY (?)");
            statement.setArray(1, connection.createArrayOf("text", ids));
            return statement;
        }));
        deleted.put("deliveries", jdbc.update(connection -> {
            var statement = connection.prepareStatement("DELETE FROM " + S + "deliveries WHERE (record_id = ?"
                    + scope + ") OR event_id = ANY (?)");
            int i = bind(statement, key);
            statement.setArray(i, connection.createArrayOf("text", ids));
            return statement;
        }));
        deleted.put("events", jdbc.update("DELETE FROM " + S + "events WHERE record_id = ?" + scope, key));
        return deleted;
    }

    /** Binds {@code values} from the first parameter on; the next parameter's index. */
    private static int bind(java.sql.PreparedStatement statement, Object[] values) throws java.sql.SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        return values.length + 1;
    }
}
