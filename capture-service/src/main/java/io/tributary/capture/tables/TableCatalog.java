package io.tributary.capture.tables;

import io.tributary.capture.config.CaptureProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What the capture asks PostgreSQL's catalog and how it keeps its publication: the publication holds exactly the
 * captured tables, so adding a table to it is what starts its capture (every change committed after that is
 * published) and dropping it is what stops it. Names are {@code schema.table} of plain identifiers
 * ({@link CaptureProperties#TABLE_NAME}), quoted in SQL. Each call opens its own connection; thread-safe.
 */
public final class TableCatalog {

    /** A table as the catalog describes it. */
    public record TableInfo(String name, char replicaIdentity, List<String> primaryKey, Set<String> columns) {

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
            if (replicaIdentity != 'f') {
                warnings.add("REPLICA IDENTITY is " + replicaIdentityName().toUpperCase() + ": UPDATE and DELETE"
                        + " events will have no 'old' row and no 'changed' columns, so $changed and old.* filters"
                        + " cannot match; run ALTER TABLE " + quote(name) + " REPLICA IDENTITY FULL");
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

    /** The table of that {@code schema.table} name, or empty when the database has no such table. */
    public Optional<TableInfo> inspect(String name) throws SQLException {
        String[] parts = name.split("\\.", 2);
        try (Connection connection = database.connect();
                PreparedStatement table = connection.prepareStatement("""
                        SELECT c.oid, c.relreplident FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')""")) {
            table.setString(1, parts[0]);
            table.setString(2, parts[1]);
            long oid;
            char identity;
            try (ResultSet rs = table.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                oid = rs.getLong(1);
                identity = rs.getString(2).charAt(0);
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
            return Optional.of(new TableInfo(name, identity, List.copyOf(primaryKey), Set.copyOf(columns)));
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
        Set<String> tables = new TreeSet<>();
        try (PreparedStatement members = connection.prepareStatement(
                "SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ?")) {
            members.setString(1, publication);
            try (ResultSet rs = members.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1) + "." + rs.getString(2));
                }
            }
        }
        return Optional.of(tables);
    }

    /** Makes the publication hold exactly these tables, creating it when missing; returns whether it changed. */
    public boolean reconcilePublication(String publication, Collection<String> tables) throws SQLException {
        Set<String> wanted = new TreeSet<>(tables);
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            Optional<Set<String>> current = publicationTables(connection, publication);
            String list = String.join(", ", wanted.stream().map(TableCatalog::quote).toList());
            if (current.isEmpty()) {
                statement.execute("CREATE PUBLICATION " + quoteIdentifier(publication) + " FOR TABLE " + list);
                return true;
            }
            if (current.get().equals(wanted)) {
                return false;
            }
            statement.execute("ALTER PUBLICATION " + quoteIdentifier(publication) + " SET TABLE " + list);
            return true;
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
            insert.setString(2, "{\"data-collections\": [\"" + table.replace(".", "\\\\.") + "\"],"
                    + " \"type\": \"incremental\"}");
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
