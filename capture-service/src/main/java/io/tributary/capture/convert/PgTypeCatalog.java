package io.tributary.capture.convert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reads PostgreSQL's catalog ({@code pg_type}, {@code pg_attribute}) to find how each column type is spelled:
 * domains resolve to their base type, arrays to their element type, composite types to their attributes. Types
 * are cached by oid; a composite type is read again whenever a table's schema is rebuilt (after an {@code ALTER
 * TYPE}). Thread-safe; the connection is opened on first use and kept.
 */
final class PgTypeCatalog implements AutoCloseable {

    private static final String TYPE_QUERY = """
            SELECT t.oid, format_type(t.oid, NULL) AS name, n.nspname, t.typname, t.typtype, t.typcategory,
                   t.typelem, t.typbasetype, t.typrelid, t.typdelim
            FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
            WHERE t.oid = ?""";
    private static final String ATTRIBUTES_QUERY = """
            SELECT attname, atttypid FROM pg_catalog.pg_attribute
            WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped ORDER BY attnum""";
    private static final int MAX_DEPTH = 32;

    private final Supplier<Connection> connections;
    private final Map<Integer, PgType> cache = new ConcurrentHashMap<>();
    private Connection connection;

    /** @param connections opens a connection to the captured database */
    PgTypeCatalog(Supplier<Connection> connections) {
        this.connections = connections;
    }

    /**
     * The type of the given oid, read from the catalog.
     *
     * @throws IllegalStateException when the catalog cannot be read or has no such type
     */
    synchronized PgType type(int oid, boolean refresh) {
        if (refresh) {
            cache.clear();
        }
        try {
            return type(oid, 0);
        } catch (SQLException e) {
            closeQuietly();
            throw new IllegalStateException("could not read type " + oid + " from pg_type: " + e.getMessage(), e);
        }
    }

    private PgType type(int oid, int depth) throws SQLException {
        PgType cached = cache.get(oid);
        if (cached != null) {
            return cached;
        }
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("type " + oid + " nests deeper than " + MAX_DEPTH);
        }
        PgType type;
        try (PreparedStatement statement = connection().prepareStatement(TYPE_QUERY)) {
            statement.setInt(1, oid);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no type with oid " + oid + " in pg_type");
                }
                String name = rs.getString("name");
                String schema = rs.getString("nspname");
                String typname = rs.getString("typname");
                String typtype = rs.getString("typtype");
                String category = rs.getString("typcategory");
                int element = (int) rs.getLong("typelem");
                int base = (int) rs.getLong("typbasetype");
                int relation = (int) rs.getLong("typrelid");
                char delimiter = rs.getString("typdelim").charAt(0);
                if ("d".equals(typtype)) {
                    PgType resolved = type(base, depth + 1);
                    type = new PgType(oid, name, resolved.kind(), resolved.element(), resolved.delimiter(),
                            resolved.fields());
                } else if ("A".equals(category) && element != 0) {
                    PgType elementType = type(element, depth + 1);
                    type = new PgType(oid, name, PgType.Kind.ARRAY, elementType, elementType.delimiter(), List.of());
                } else if ("c".equals(typtype)) {
                    type = new PgType(oid, name, PgType.Kind.COMPOSITE, null, delimiter, attributes(relation, depth));
                } else {
                    type = new PgType(oid, name, kind(schema, typname), null, delimiter, List.of());
                }
            }
        }
        cache.put(oid, type);
        return type;
    }

    private List<PgType.Field> attributes(int relation, int depth) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement statement = connection().prepareStatement(ATTRIBUTES_QUERY)) {
            statement.setInt(1, relation);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString(1), (int) rs.getLong(2)});
                }
            }
        }
        List<PgType.Field> fields = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            fields.add(new PgType.Field((String) row[0], type((Integer) row[1], depth + 1)));
        }
        return fields;
    }

    /** The kind of a base type: PostgreSQL's own types by name, every other one spelled as its text. */
    static PgType.Kind kind(String schema, String typname) {
        if (!"pg_catalog".equals(schema)) {
            return PgType.Kind.TEXT;
        }
        return switch (typname) {
            case "bool" -> PgType.Kind.BOOLEAN;
            case "int2", "int4", "int8" -> PgType.Kind.INTEGER;
            case "float4", "float8" -> PgType.Kind.FLOAT;
            case "numeric" -> PgType.Kind.NUMERIC;
            case "money" -> PgType.Kind.MONEY;
            case "date" -> PgType.Kind.DATE;
            case "timestamp" -> PgType.Kind.TIMESTAMP;
            case "timestamptz" -> PgType.Kind.TIMESTAMPTZ;
            case "time" -> PgType.Kind.TIME;
            case "timetz" -> PgType.Kind.TIMETZ;
            case "interval" -> PgType.Kind.INTERVAL;
            case "bytea" -> PgType.Kind.BYTEA;
            case "json", "jsonb" -> PgType.Kind.JSON;
            default -> PgType.Kind.TEXT;
        };
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = connections.get();
        }
        return connection;
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // a broken connection is replaced on the next lookup
        }
        connection = null;
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
