package io.tributary.capture.convert;

import java.util.Map;

/** The column that holds the tenant of each captured table, by {@code schema.table}. Immutable. */
public record TenantColumns(Map<String, String> byTable) {

    public TenantColumns {
        byTable = Map.copyOf(byTable);
    }

    /** The tenant column of a table, or {@code null} when its rows have no tenant. */
    public String forTable(String schema, String table) {
        String column = byTable.get(schema + "." + table);
        return column != null ? column : "public".equals(schema) ? byTable.get(table) : null;
    }
}
