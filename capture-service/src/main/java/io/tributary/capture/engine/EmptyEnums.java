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
 * no setting around it, and the query cannot be steered from outside the connector, so the capture looks for such
 * types itself with the connector's own condition before every start and, when it finds one, does not start:
 * it reports the types and the fix, and looks again at the next restart, so it resumes on its own once they are
 * given a label or dropped. Stateless and thread-safe.
 */
final class EmptyEnums {

    /** Debezium's condition: category {@code E} (enums) and no row in {@code pg_enum}, outside {@code pg_toast}. */
    private static final String QUERY = "SELECT format('%I.%I', n.nspname, t.typname) FROM pg_catalog.pg_type t"
            + " JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid"
            + " WHERE n.nspname <> 'pg_toast' AND t.typcategory = 'E'"
            + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid) ORDER BY 1";

    private EmptyEnums() {
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
