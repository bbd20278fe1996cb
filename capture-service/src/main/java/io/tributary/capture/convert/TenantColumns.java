package io.tributary.capture.convert;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The column that holds the tenant of each captured table, by {@code schema.table}. Tables attached at runtime
 * are added while the capture runs, so this is thread-safe and changes take effect for the next change read.
 */
public final class TenantColumns {

    private final Map<String, String> byTable = new ConcurrentHashMap<>();

    public TenantColumns() {
    }

    public TenantColumns(Map<String, String> byTable) {
        this.byTable.putAll(byTable);
    }

    /** Sets, or with {@code null} clears, the tenant column of a {@code schema.table}. */
    public void set(String table, String column) {
        if (column == null) {
            byTable.remove(table);
        } else {
            byTable.put(table, column);
        }
    }

    /** The tenant column of a table, or {@code null} when its rows have no tenant. */
    public String forTable(String schema, String table) {
        String column = byTable.get(schema + "." + table);
        return column != null ? column : "public".equals(schema) ? byTable.get(table) : null;
    }
}
