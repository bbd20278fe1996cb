package io.tributary.capture.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The guard against Debezium's empty-enum fault. Debezium's PostgreSQL connector reads every type of the database
 * when it starts ({@code TypeRegistry.prime}), and reads an enum's labels with
 * {@code rs.getArray("enum_values").getArray()}: for an enum without labels ({@code CREATE TYPE x AS ENUM ()}) the
 * array is SQL NULL, and the connector fails with a NullPointerException a second after it started, whatever
 * tables it captures. Released Debezium (3.5.0.Final here; unchanged up to 3.7 and its main branch) has no fix and
 * no setting around it.
 *
 * <p>The capture-service carries a patched copy of that class ({@code io.debezium.connector.postgresql.TypeRegistry}
 * in its own sources, checked against the Debezium version by {@code DebeziumTypeRegistryPatchTest}), with which
 * such a database is captured like any other. This guard is the fallback for a build that loads Debezium's own
 * class (the copy dropped at an upgrade without an upstream fix): then the capture looks for empty enums before
 * every start and, when it finds one, does not start: it reports the types and the fix, and looks again at the
 * next restart, so it resumes on its own once they are given a value or dropped. Stateless and thread-safe.
 */
final class EmptyEnums {

    /** Enum types ({@code typtype e}) without a row in {@code pg_enum}, outside {@code pg_toast} as Debezium reads. */
    private static final String QUERY = "SELECT format('%I.%I', n.nspname, t.typname) FROM pg_catalog.pg_type t"
            + " JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid"
            + " WHERE n.nspname <> 'pg_toast' AND t.typtype = 'e'"
            + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid) ORDER BY 1";

    private EmptyEnums() {
    }

    /** Whether the loaded TypeRegistry is Debezium's own, which fails on an empty enum. */
    static boolean faultPresent() {
        var source = io.debezium.connector.postgresql.TypeRegistry.class.getProtectionDomain().getCodeSource();
        return source != null && source.getLocation().toString().contains("debezium-connector-postgres");
    }

    /** The enum types without labels, {@code schema.name} quoted where SQL needs it. */
    static List<String> find(Connection connection) throws SQLException {
        List<String> types = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(QUERY)) {
            while (rs.next()) {
                types.add(rs.getString(1));
            }
        }
        return types;
    }

    /** What stops the capture and how to fix it, naming the types. */
    static String problem(String database, List<String> types) {
        String first = types.get(0);
        return "database " + database + " has " + (types.size() == 1 ? "an enum type" : "enum types") + " without"
                + " values (" + String.join(", ", types) + "), which Debezium's PostgreSQL connector cannot start"
                + " with (a NullPointerException in its TypeRegistry): give " + (types.size() == 1 ? "it" : "each")
                + " a value (ALTER TYPE " + first + " ADD VALUE '...') or drop " + (types.size() == 1 ? "it" : "them")
                + " (DROP TYPE " + first + "); the capture starts on its own once none is left";
    }
}
