package io.tributary.capture.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Operation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a Debezium PostgreSQL change record into Tributary's event envelope.
 *
 * <ul>
 *   <li>id: the WAL position of the change ({@code <lsn>} in PostgreSQL's {@code X/Y} form, then
 *       {@code :schema.table}), so a change read again after a restart keeps its id;</li>
 *   <li>source {@code /postgres/<database>/<schema>/<table>}, type {@code <table>.<insert|update|delete|truncate|read>},
 *       time the commit time;</li>
 *   <li>recordId: the primary key, its columns' values joined by {@code :} in key order for a composite key;</li>
 *   <li>tenant: the value of the table's configured tenant column in the row (the old row for a delete);</li>
 *   <li>changed: for an UPDATE, the columns whose values differ; {@code null} when the old row is unknown
 *       (a table without {@code REPLICA IDENTITY FULL}).</li>
 * </ul>
 * Thread-safe.
 */
public final class ChangeEventConverter {

    /** Debezium's header on the insert of a primary-key change: the key the row had. */
    static final String OLD_KEY_HEADER = "__debezium.oldkey";
    /** Debezium's header on the delete of a primary-key change: the key the row has now. */
    static final String NEW_KEY_HEADER = "__debezium.newkey";

    private final String database;
    private final TenantColumns tenantColumns;
    private final Set<String> internalTables;

    public ChangeEventConverter(String database, TenantColumns tenantColumns) {
        this(database, tenantColumns, Set.of());
    }

    /**
     * @param internalTables {@code schema.table} names whose changes are Tributary's own bookkeeping (the signal
     *                       table of incremental snapshots) and never become events
     */
    public ChangeEventConverter(String database, TenantColumns tenantColumns, Set<String> internalTables) {
        this.database = database;
        this.tenantColumns = tenantColumns;
        this.internalTables = Set.copyOf(internalTables);
    }

    /**
     * The event of a change record, or {@code null} for records that are not events: heartbeats, and updates and
     * deletes of the outbox table, whose inserts become the application events they carry, and changes of
     * internal tables.
     *
     * @throws ColumnConversionException when a column's value could not be converted, naming the table, the column
     *                                   and the reason
     */
    public EventEnvelope convert(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("op") == null) {
            return null;
        }
        Operation operation = operation(value.getString("op"));
        Struct source = value.getStruct("source");
        String schema = source.getString("schema");
        String table = source.getString("table");
        if (internalTables.contains(schema + "." + table)) {
            return null;
        }
        List<String> unchanged = new ArrayList<>();
        ObjectNode newRow;
        ObjectNode oldRow;
        try {
            newRow = value.schema().field("after") == null ? null : ColumnValues.row(value.getStruct("after"), unchanged);
            oldRow = value.schema().field("before") == null ? null : ColumnValues.row(value.getStruct("before"), null);
        } catch (ColumnConversionException e) {
            throw e.inTable(schema + "." + table);
        }
        Long commitMillis = source.getInt64("ts_ms");
        String commitTime = commitMillis == null ? null : Instant.ofEpochMilli(commitMillis).toString();
        if (OutboxEvents.TABLE.equals(table)) {
            return operation == Operation.INSERT && newRow != null ? OutboxEvents.fromRow(newRow, commitTime) : null;
        }
        String recordId = recordId(record.key(), operation == Operation.DELETE ? oldRow : newRow);

        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("table", table);
        data.put("schema", schema);
        data.put("operation", operation.name());
        data.put("recordId", recordId);
        data.set("new", newRow);
        data.set("old", oldRow);
        data.set("changed", operation == Operation.UPDATE && oldRow != null ? changed(oldRow, newRow) : null);
        if (!unchanged.isEmpty()) {
            ArrayNode names = JsonNodeFactory.instance.arrayNode();
            unchanged.forEach(names::add);
            data.set("unchanged", names);
        }

        String tenantColumn = tenantColumns.forTable(schema, table);
        String tenant = null;
        if (tenantColumn != null) {
            JsonNode row = operation == Operation.DELETE ? oldRow : newRow;
            JsonNode tenantValue = row == null ? null : row.get(tenantColumn);
            tenant = tenantValue == null || tenantValue.isNull() ? null : tenantValue.asText();
        }
        Long lsn = source.getInt64("lsn");
        // A change of the primary key is a delete of the old key and an insert of the new one at the same WAL
        // position; each keeps its own id by naming its key, as snapshot reads do.
        boolean keyChange = record.headers().lastWithName(OLD_KEY_HEADER) != null
                || record.headers().lastWithName(NEW_KEY_HEADER) != null;
        String id = (lsn == null ? "snapshot-" + recordId : lsnText(lsn)) + ":" + schema + "." + table
                + (lsn == null || operation == Operation.READ || keyChange ? ":" + recordId : "");
        return new EventEnvelope(id, "/postgres/" + database + "/" + schema + "/" + table,
                table + "." + operation.typeSuffix(),
                commitTime, recordId, "application/json", tenant, null, null, 0, data, Map.of());
    }

    static Operation operation(String op) {
        return switch (op) {
            case "c" -> Operation.INSERT;
            case "u" -> Operation.UPDATE;
            case "d" -> Operation.DELETE;
            case "t" -> Operation.TRUNCATE;
            case "r" -> Operation.READ;
            default -> throw new IllegalArgumentException("unknown Debezium operation '" + op + "'");
        };
    }

    /** PostgreSQL's {@code X/Y} form of a WAL position. */
    static String lsnText(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }

    private static String recordId(Object key, ObjectNode row) {
        if (key instanceof Struct keyStruct) {
            StringJoiner joined = new StringJoiner(":");
            for (Field field : keyStruct.schema().fields()) {
                JsonNode value = ColumnValues.value(field.schema(), keyStruct.get(field));
                joined.add(value.isTextual() ? value.textValue() : value.toString());
            }
            return joined.toString();
        }
        // A table without a primary key: the whole row identifies it as well as anything can.
        return row == null ? "" : Integer.toHexString(row.hashCode());
    }

    private static ArrayNode changed(ObjectNode oldRow, ObjectNode newRow) {
        ArrayNode changed = JsonNodeFactory.instance.arrayNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = newRow.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> column = it.next();
            if (!column.getValue().equals(oldRow.get(column.getKey()))) {
                changed.add(column.getKey());
            }
        }
        return changed;
    }
}
