package io.tributary.sync.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.tributary.handler.DeliveryFailure;
import io.tributary.model.Json;
import io.tributary.sync.config.SyncProperties;
import io.tributary.sync.pg.CapturedValues;
import io.tributary.sync.pg.TableColumns;
import io.tributary.sync.store.ConnectionPools;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Upserts into and deletes from a table of a PostgreSQL target database ({@code INSERT ... ON CONFLICT (key) DO
 * UPDATE}), so that the target row holds the value the source row held. The fields travel as one JSON object that
 * PostgreSQL itself turns into a row of the target columns' types ({@code jsonb_to_record}, with the types read once
 * per table from {@code pg_attribute}): arrays of any dimension from JSON arrays, json and jsonb as JSON, composites
 * from objects, every other type through its input function from the captured text (timestamps, intervals, ranges,
 * enums, ...), numbers with every digit. Only {@code bytea} is converted first (captured as base64). Fields left out
 * of {@code fields} (a value the change did not carry) are not written, so the target keeps its value. The
 * external id is the key's values as a JSON array. A constraint, data or schema error is permanent (SQLState classes
 * 22, 23, 42), as is a field that is no column of the table; anything else is retried. Thread-safe.
 */
public final class JdbcTarget implements SyncTarget, AutoCloseable {

    private final SyncProperties.Jdbc config;
    private final String table;
    private final HikariDataSource pool;
    private volatile TableColumns columns;

    /** @param name the target's name, for its connection pool's */
    public JdbcTarget(String name, SyncProperties.Jdbc config) {
        this.config = config;
        this.table = quoteQualified(config.table());
        this.pool = ConnectionPools.pool("target-" + name, config.url(), config.user(), config.password());
    }

    @Override
    public String upsert(String externalId, ObjectNode fields) {
        List<String> names = new ArrayList<>();
        fields.fieldNames().forEachRemaining(names::add);
        config.keyColumns().stream().filter(k -> !fields.hasNonNull(k)).findFirst().ifPresent(k -> {
            throw new DeliveryFailure.Permanent(0, "upsert into " + config.table() + ": key column " + k
                    + " has no value", null);
        });
        try (Connection connection = connect()) {
            TableColumns types = columns(connection);
            String sql = "INSERT INTO " + table + " (" + list(names, JdbcTarget::quote) + ") SELECT "
                    + list(names, JdbcTarget::quote) + " FROM " + record(types, names) + " ON CONFLICT ("
                    + list(config.keyColumns(), JdbcTarget::quote) + ") DO "
                    + (names.size() == config.keyColumns().size() ? "NOTHING" : "UPDATE SET " + names.stream()
                            .filter(c -> !config.keyColumns().contains(c)).map(c -> quote(c) + " = EXCLUDED." + quote(c))
                            .collect(Collectors.joining(", ")));
            ObjectNode inputs = inputs(types, fields);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, CapturedValues.write(inputs));
                statement.executeUpdate();
            } catch (SQLException e) {
                String column = e.getSQLState() != null && e.getSQLState().startsWith("22")
                        ? culprit(connection, types, inputs) : null;
                if (column != null) {
                    throw new DeliveryFailure.Permanent(0, "upsert into " + config.table() + " failed: " + column
                            + " (SQLState " + e.getSQLState() + ")", e);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure("upsert into " + config.table(), e);
        }
        ArrayNode key = Json.mapper().createArrayNode();
        config.keyColumns().forEach(column -> key.add(fields.get(column)));
        return Json.write(key);
    }

    @Override
    public void delete(String externalId) {
        JsonNode key = Json.parse(externalId);
        ObjectNode fields = Json.mapper().createObjectNode();
        for (int i = 0; i < config.keyColumns().size(); i++) {
            fields.set(config.keyColumns().get(i), key.get(i));
        }
        try (Connection connection = connect()) {
            TableColumns types = columns(connection);
            String sql = "DELETE FROM " + table + " AS target USING " + record(types, config.keyColumns())
                    + " WHERE " + config.keyColumns().stream().map(c -> "target." + quote(c) + " = source." + quote(c))
                            .collect(Collectors.joining(" AND "));
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, CapturedValues.write(inputs(types, fields)));
                statement.executeUpdate();
            }
        } catch (SQLException e) {
            throw failure("delete from " + config.table(), e);
        }
    }

    /**
     * Whether the target can take rows: the database answers, the table exists and has every mapped column.
     *
     * @return the problem, or {@code null} when there is none
     */
    public String problem(Iterable<String> mappedColumns) {
        Properties properties = properties();
        properties.setProperty("loginTimeout", "5");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "10");
        try (Connection connection = DriverManager.getConnection(config.url(), properties)) {
            TableColumns types = TableColumns.load(connection, table);
            this.columns = types;
            List<String> missing = new ArrayList<>();
            mappedColumns.forEach(c -> {
                if (types.column(c) == null) {
                    missing.add(c);
                }
            });
            return missing.isEmpty() ? null : config.table() + " has no column " + String.join(", ", missing);
        } catch (SQLException e) {
            return config.table() + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")";
        }
    }

    /** The first column whose value its type does not take, with PostgreSQL's reason; {@code null} if none. */
    private String culprit(Connection connection, TableColumns types, ObjectNode inputs) {
        for (String name : (Iterable<String>) inputs::fieldNames) {
            ObjectNode single = Json.mapper().createObjectNode().set(name, inputs.get(name));
            try (PreparedStatement check = connection.prepareStatement("SELECT 1 FROM " + record(types,
                    List.of(name)))) {
                check.setString(1, CapturedValues.write(single));
                check.executeQuery().close();
            } catch (SQLException e) {
                return "column " + name + ": " + e.getMessage();
            }
        }
        return null;
    }

    /** {@code jsonb_to_record(?::jsonb) AS source(...)} with the named columns and their types. */
    private String record(TableColumns types, List<String> names) {
        List<String> unknown = names.stream().filter(n -> types.column(n) == null).toList();
        if (!unknown.isEmpty()) {
            // The table may have changed since its columns were read: read them again next time.
            this.columns = null;
            throw new DeliveryFailure.Permanent(0, "upsert into " + config.table() + ": the mapping names "
                    + String.join(", ", unknown) + ", no column of the table", null);
        }
        return "jsonb_to_record(?::jsonb) AS source(" + names.stream()
                .map(n -> quote(n) + " " + types.column(n).type()).collect(Collectors.joining(", ")) + ")";
    }

    /** The fields in PostgreSQL's input spelling: only bytea differs from the captured one. */
    private ObjectNode inputs(TableColumns types, ObjectNode fields) {
        ObjectNode inputs = fields.deepCopy();
        fields.fieldNames().forEachRemaining(name -> {
            if (types.column(name).bytea()) {
                try {
                    inputs.set(name, CapturedValues.byteaInput(name, fields.get(name)));
                } catch (IllegalArgumentException e) {
                    throw new DeliveryFailure.Permanent(0, "sync into " + config.table() + ": " + e.getMessage(), e);
                }
            }
        });
        return inputs;
    }

    private TableColumns columns(Connection connection) throws SQLException {
        TableColumns known = columns;
        if (known == null) {
            known = TableColumns.load(connection, table);
            columns = known;
        }
        return known;
    }

    /** A connection of the target's pool ({@link ConnectionPools}); close it to give it back. */
    private Connection connect() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }

    private Properties properties() {
        Properties properties = new Properties();
        if (config.user() != null) {
            properties.setProperty("user", config.user());
        }
        if (config.password() != null) {
            properties.setProperty("password", config.password());
        }
        return properties;
    }

    private static String list(List<String> names, java.util.function.UnaryOperator<String> each) {
        return names.stream().map(each).collect(Collectors.joining(", "));
    }

    DeliveryFailure failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = what + " failed: " + e.getMessage() + " (SQLState " + state + ")";
        if (state.startsWith("42")) {
            // A schema error: the table may have changed since its columns were read.
            columns = null;
        }
        if (state.startsWith("22") || state.startsWith("23") || state.startsWith("42")) {
            return new DeliveryFailure.Permanent(0, message, e);
        }
        return new DeliveryFailure.Retryable(0, message);
    }

    static String quoteQualified(String name) {
        String[] parts = name.split("\\.", 2);
        return parts.length == 1 ? quote(parts[0]) : quote(parts[0]) + "." + quote(parts[1]);
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
