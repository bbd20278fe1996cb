package io.tributary.sync.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;
import io.tributary.sync.pg.CapturedValues;
import io.tributary.sync.pg.TableColumns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a source row's current state by its record id (the primary key's values joined by {@code :}, as the
 * capture writes them), spelled as the capture spells values: {@code to_jsonb} in a session with
 * {@code TimeZone=UTC} and {@code IntervalStyle=iso_8601}, {@code bytea} as base64 and {@code money} as a number.
 * Thread-safe.
 */
public final class SourceRows {

    private final MappingStore database;
    private final Map<String, List<String>> primaryKeys = new ConcurrentHashMap<>();
    private final Map<String, TableColumns> columns = new ConcurrentHashMap<>();

    public SourceRows(MappingStore database) {
        this.database = database;
    }

    /** The row, or empty when it no longer exists. */
    public Optional<ObjectNode> current(String schema, String table, String recordId) throws SQLException {
        try (Connection connection = database.connect()) {
            List<String> key = primaryKey(connection, schema, table);
            String[] values = key.size() == 1 ? new String[] {recordId} : recordId.split(":", -1);
            if (key.isEmpty() || values.length != key.size()) {
                throw new SQLException("cannot address " + schema + "." + table + " by record id '" + recordId
                        + "' (primary key " + key + ")", "42P10");
            }
            String name = quote(schema) + "." + quote(table);
            TableColumns types = columns.get(name);
            if (types == null) {
                types = TableColumns.load(connection, name);
                columns.put(name, types);
            }
            try (Statement session = connection.createStatement()) {
                session.execute("SET TimeZone = 'UTC'; SET IntervalStyle = 'iso_8601'");
            }
            StringBuilder sql = new StringBuilder("SELECT (to_jsonb(t.*)");
            for (TableColumns.Column column : types.columns().values()) {
                if (column.money()) {
                    sql.append(" || jsonb_build_object(").append(literal(column.name())).append(", t.")
                            .append(quote(column.name())).append(column.array() ? "::numeric[])" : "::numeric)");
                }
            }
            sql.append(")::text FROM ").append(name).append(" t WHERE ");
            for (int i = 0; i < key.size(); i++) {
                sql.append(i == 0 ? "" : " AND ").append("t.\"").append(key.get(i).replace("\"", "\"\""))
                        .append("\"::text = ?");
            }
            try (PreparedStatement query = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < values.length; i++) {
                    query.setString(i + 1, values[i]);
                }
                try (ResultSet rs = query.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    ObjectNode row = (ObjectNode) Json.parse(rs.getString(1));
                    for (TableColumns.Column column : types.columns().values()) {
                        if (column.bytea() && row.has(column.name())) {
                            row.set(column.name(), CapturedValues.byteaCaptured(row.get(column.name())));
                        }
                    }
                    return Optional.of(row);
                }
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private List<String> primaryKey(Connection connection, String schema, String table) throws SQLException {
        String name = schema + "." + table;
        List<String> cached = primaryKeys.get(name);
        if (cached != null) {
            return cached;
        }
        List<String> key = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT a.attname FROM pg_index i
                JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                WHERE n.nspname = ? AND c.relname = ? AND i.indisprimary ORDER BY k.ord""")) {
            query.setString(1, schema);
            query.setString(2, table);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        primaryKeys.put(name, List.copyOf(key));
        return key;
    }
}
