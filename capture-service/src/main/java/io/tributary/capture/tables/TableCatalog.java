package io.tributary.capture.tables;

import io.tributary.capture.config.CaptureProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What the capture asks PostgreSQL's catalog and how it keeps its publication: the publication holds exactly the
 * captured tables, so adding a table to it is what starts its capture (every change committed after that is
 * published) and dropping it is what stops it. The publication publishes a partitioned table's changes under the
 * partitioned table's own name ({@code publish_via_partition_root}), so a partitioned table is captured as one
 * table. Names are {@code schema.table} as PostgreSQL has them ({@link CaptureProperties#TABLE_NAME}), quoted in
 * SQL. Each call opens its own connection; thread-safe.
 */
public final class TableCatalog {

    /**
     * A table as the catalog describes it.
     *
     * @param name             {@code schema.table}
     * @param replicaIdentity  {@code pg_class.relreplident} of the table itself
     * @param primaryKey       the primary key's columns in key order; empty for none
     * @param columns          every column
     * @param partitioned      whether it is a partitioned table
     * @param withoutFullIdentity the table and its leaf partitions, {@code schema.table}, whose replica identity is
     *                         not {@code FULL}: their UPDATE and DELETE changes carry only the key of the old row
     */
    public record TableInfo(String name, char replicaIdentity, List<String> primaryKey, Set<String> columns,
            boolean partitioned, List<String> withoutFullIdentity) {

        /** {@code full}, {@code default}, {@code index} or {@code nothing}, as {@code ALTER TABLE} spells it. */
        public String replicaIdentityName() {
            return switch (replicaIdentity) {
                case 'f' -> "full";
                case 'i' -> "index";
                case 'n' -> "nothing";
                default -> "default";
            };
        }

        /** What a subscriber will miss for this table, in words; empty when nothing. */
        public List<String> warnings() {
            List<String> warnings = new ArrayList<>();
            if (!withoutFullIdentity.isEmpty()) {
                warnings.add("REPLICA IDENTITY is not FULL on " + String.join(", ", withoutFullIdentity) + ": UPDATE"
                        + " and DELETE events of its rows carry only the key of the old row (no tenant, no 'old'"
                        + " values, no 'changed' columns), so a DELETE misses tenant-scoped and filtered"
                        + " subscriptions; attach the table again (or restart the capture) to set it, or run "
                        + String.join("; ", withoutFullIdentity.stream().map(TableCatalog::replicaIdentityFull)
                                .toList()));
            }
            if (primaryKey.isEmpty()) {
                warnings.add("no primary key: recordId is derived from the row's values, so changes of one row do"
                        + " not share a record key; add a primary key");
            }
            return warnings;
        }
    }

    private final CaptureProperties.Database database;

    public TableCatalog(CaptureProperties.Database database) {
        this.database = database;
    }

    /** The SQL that makes a table's changes carry the whole old row. */
    public static String replicaIdentityFull(String table) {
        return "ALTER TABLE " + quote(table) + " REPLICA IDENTITY FULL";
    }

    /**
     * The table a user's typed name means ({@code schema.table} as PostgreSQL has it; {@code public} when no schema
     * is typed), or empty when the database has none. See {@link TypedName} for how a name is matched.
     *
     * @throws IllegalArgumentException when the name fits two tables
     */
    Optional<String> resolve(TypedName typed) throws SQLException {
        TypedName.Part schemaPart = typed.parts().size() == 1 ? new TypedName.Part("public", true) : typed.parts().get(0);
        TypedName.Part tablePart = typed.parts().get(typed.parts().size() - 1);
        Map<String, Set<String>> candidates = new TreeMap<>();
        try (Connection connection = database.connect();
                PreparedStatement tables = connection.prepareStatement("""
                        SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE lower(n.nspname) = lower(?) AND lower(c.relname) = lower(?) AND c.relkind IN ('r', 'p')""")) {
            tables.setString(1, schemaPart.text());
            tables.setString(2, tablePart.text());
            try (ResultSet rs = tables.executeQuery()) {
                while (rs.next()) {
                    candidates.computeIfAbsent(rs.getString(1), schema -> new TreeSet<>()).add(rs.getString(2));
                }
            }
        }
        Optional<String> schema = TypedName.choose(schemaPart, candidates.keySet());
        if (schema.isEmpty()) {
            return Optional.empty();
        }
        return TypedName.choose(tablePart, candidates.get(schema.get())).map(table -> schema.get() + "." + table);
    }

    /** The table of that {@code schema.table} name, or empty when the database has no such table. */
    public Optional<TableInfo> inspect(String name) throws SQLException {
        String[] parts = name.split("\\.", 2);
        try (Connection connection = database.connect();
                PreparedStatement table = connection.prepareStatement("""
                        SELECT c.oid, c.relreplident, c.relkind FROM pg_class c
                        JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')""")) {
            table.setString(1, parts[0]);
            table.setString(2, parts[1]);
            long oid;
            char identity;
            boolean partitioned;
            try (ResultSet rs = table.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                oid = rs.getLong(1);
                identity = rs.getString(2).charAt(0);
                partitioned = "p".equals(rs.getString(3));
            }
            List<String> primaryKey = new ArrayList<>();
            try (PreparedStatement keys = connection.prepareStatement("""
                    SELECT a.attname FROM pg_index i
                    JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                    WHERE i.indrelid = ? AND i.indisprimary ORDER BY k.ord""")) {
                keys.setLong(1, oid);
                try (ResultSet rs = keys.executeQuery()) {
                    while (rs.next()) {
                        primaryKey.add(rs.getString(1));
                    }
                }
            }
            Set<String> columns = new LinkedHashSet<>();
            try (PreparedStatement cols = connection.prepareStatement("""
                    SELECT attname FROM pg_attribute WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped
                    ORDER BY attnum""")) {
                cols.setLong(1, oid);
                try (ResultSet rs = cols.executeQuery()) {
                    while (rs.next()) {
                        columns.add(rs.getString(1));
                    }
                }
            }
            // The replica identity that decides what a change carries is that of the relation the row is stored
            // in: the table, or for a partitioned table each leaf partition (ALTER TABLE on the parent does not
            // reach them).
            List<String> withoutFull = new ArrayList<>();
            try (PreparedStatement tree = connection.prepareStatement("""
                    SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relreplident <> 'f' AND (c.oid = ?
                      OR c.oid IN (SELECT relid FROM pg_partition_tree(?::oid::regclass) WHERE isleaf))
                    ORDER BY c.oid <> ?, n.nspname, c.relname""")) {
                tree.setLong(1, oid);
                tree.setLong(2, oid);
                tree.setLong(3, oid);
                try (ResultSet rs = tree.executeQuery()) {
                    while (rs.next()) {
                        withoutFull.add(rs.getString(1) + "." + rs.getString(2));
                    }
                }
            }
            return Optional.of(new TableInfo(name, identity, List.copyOf(primaryKey),
                    Collections.unmodifiableSet(columns), partitioned, List.copyOf(withoutFull)));
        }
    }

    /**
     * Sets {@code REPLICA IDENTITY FULL} on these tables, waiting at most {@code lockTimeout} for each table's lock
     * (the change itself only writes the catalog).
     *
     * @throws SQLException {@code 42501} when the user does not own a table, {@code 55P03} when the lock was not had
     */
    public void setReplicaIdentityFull(List<String> tables, Duration lockTimeout) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = " + lockTimeout.toMillis());
            for (String table : tables) {
                statement.execute(replicaIdentityFull(table));
            }
        }
    }

    /** Creates the signal table of incremental snapshots when it does not exist (Debezium's three columns). */
    public void ensureSignalTable(String name) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + quote(name)
                    + " (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048))");
        }
    }

    /** The tables of a publication, {@code schema.table}; empty when there is no such publication. */
    public Optional<Set<String>> publicationTables(String publication) throws SQLException {
        try (Connection connection = database.connect()) {
            return publicationTables(connection, publication);
        }
    }

    private static Optional<Set<String>> publicationTables(Connection connection, String publication)
            throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            exists.setString(1, publication);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
            }
        }
        // The tables named in the publication, not pg_publication_tables, which shows a partitioned table as its
        // partitions or as itself depending on publish_via_partition_root.
        Set<String> tables = new TreeSet<>();
        try (PreparedStatement members = connection.prepareStatement("""
                SELECT n.nspname, c.relname FROM pg_publication_rel r JOIN pg_publication p ON p.oid = r.prpubid
                JOIN pg_class c ON c.oid = r.prrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE p.pubname = ?""")) {
            members.setString(1, publication);
            try (ResultSet rs = members.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1) + "." + rs.getString(2));
                }
            }
        }
        return Optional.of(tables);
    }

    /**
     * Makes the publication hold exactly these tables and publish a partitioned table's changes under its own name,
     * creating it when missing; returns whether it changed.
     */
    public boolean reconcilePublication(String publication, Collection<String> tables) throws SQLException {
        Set<String> wanted = new TreeSet<>(tables);
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            Optional<Set<String>> current = publicationTables(connection, publication);
            String list = String.join(", ", wanted.stream().map(TableCatalog::quote).toList());
            if (current.isEmpty()) {
                statement.execute("CREATE PUBLICATION " + quoteIdentifier(publication) + " FOR TABLE " + list
                        + " WITH (publish_via_partition_root = true)");
                return true;
            }
            boolean changed = false;
            try (PreparedStatement viaRoot = connection.prepareStatement(
                    "SELECT pubviaroot FROM pg_publication WHERE pubname = ?")) {
                viaRoot.setString(1, publication);
                try (ResultSet rs = viaRoot.executeQuery()) {
                    if (rs.next() && !rs.getBoolean(1)) {
                        statement.execute("ALTER PUBLICATION " + quoteIdentifier(publication)
                                + " SET (publish_via_partition_root = true)");
                        changed = true;
                    }
                }
            }
            if (!current.get().equals(wanted)) {
                statement.execute("ALTER PUBLICATION " + quoteIdentifier(publication) + " SET TABLE " + list);
                changed = true;
            }
            return changed;
        }
    }

    /** Adds a table to the publication unless it is a member already. */
    public void addToPublication(String publication, String table) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            if (!publicationTables(connection, publication).orElse(Set.of()).contains(table)) {
                statement.execute("ALTER PUBLICATION " + quoteIdentifier(publication) + " ADD TABLE " + quote(table));
            }
        }
    }

    /** Drops a table from the publication when it is a member. */
    public void dropFromPublication(String publication, String table) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            if (publicationTables(connection, publication).orElse(Set.of()).contains(table)) {
                statement.execute("ALTER PUBLICATION " + quoteIdentifier(publication) + " DROP TABLE " + quote(table));
            }
        }
    }

    /**
     * Asks Debezium for an incremental snapshot of a table by writing its {@code execute-snapshot} signal; the
     * capture reads the signal from the WAL and emits the table's rows as {@code read} events, in chunks,
     * interleaved with live changes. Returns the signal's id.
     */
    public String signalSnapshot(String signalTable, String table) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection connection = database.connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + quote(signalTable) + " (id, type, data) VALUES (?, 'execute-snapshot', ?)")) {
            insert.setString(1, id);
            // The name as it is, not as a regular expression: Debezium matches it against the tables it knows, and
            // takes it literally for a table it has not seen yet (created after the capture started). A captured
            // name holds only letters, digits, _ and the one dot, so it matches no other table.
            insert.setString(2, "{\"data-collections\": [\"" + table + "\"], \"type\": \"incremental\"}");
            insert.executeUpdate();
        }
        return id;
    }

    static String quote(String table) {
        String[] parts = table.split("\\.", 2);
        return quoteIdentifier(parts[0]) + "." + quoteIdentifier(parts[1]);
    }

    static String quoteIdentifier(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
