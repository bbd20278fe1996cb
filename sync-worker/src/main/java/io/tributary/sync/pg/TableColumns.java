package io.tributary.sync.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The columns of a PostgreSQL table with their SQL types ({@code format_type}, usable in a column definition list)
 * and the scalar type under their domains and arrays, read from {@code pg_attribute}. A sync needs them where the
 * captured spelling of a value differs from PostgreSQL's input syntax ({@code bytea} is base64, {@code money} a
 * number). Immutable and thread-safe.
 *
 * @param table   the table as it was named (quoted, qualified)
 * @param columns the columns by name, in table order
 */
public record TableColumns(String table, Map<String, Column> columns) {

    /**
     * One column.
     *
     * @param name  its name
     * @param type  its SQL type as {@code format_type} spells it ({@code numeric(12,2)}, {@code public.mood[]})
     * @param bytea whether its scalar type is {@code bytea} (directly, through domains or as array elements)
     * @param money whether its scalar type is {@code money}
     * @param array whether it holds arrays (directly or through a domain)
     */
    public record Column(String name, String type, boolean bytea, boolean money, boolean array) {
    }

    // Follows each column's type through domains (typbasetype) and true arrays (typelem of a varlena type) down to
    // its scalar type.
    private static final String QUERY = """
            WITH RECURSIVE cols AS (
              SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.atttypid AS base,
                     false AS arr, 0 AS depth
              FROM pg_attribute a WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped
            UNION ALL
              SELECT c.attnum, c.attname, c.type, CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.typelem END,
                     c.arr OR t.typtype <> 'd', c.depth + 1
              FROM cols c JOIN pg_type t ON t.oid = c.base
              WHERE (t.typtype = 'd' OR (t.typelem <> 0 AND t.typlen = -1)) AND c.depth < 16)
            SELECT DISTINCT ON (attnum) attname, type, base = 'bytea'::regtype, base = 'money'::regtype, arr
            FROM cols ORDER BY attnum, depth DESC""";

    public TableColumns {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /** Reads the columns of {@code table} (an SQL name, quoted where needed); a missing table fails with 42P01. */
    public static TableColumns load(Connection connection, String table) throws SQLException {
        Map<String, Column> columns = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(QUERY)) {
            query.setString(1, table);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), new Column(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                            rs.getBoolean(4), rs.getBoolean(5)));
                }
            }
        }
        return new TableColumns(table, columns);
    }

    /** The column, or {@code null} when the table has none of that name. */
    public Column column(String name) {
        return columns.get(name);
    }
}
