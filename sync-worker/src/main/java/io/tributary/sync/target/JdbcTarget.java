package io.tributary.sync.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.handler.DeliveryFailure;
import io.tributary.model.Json;
import io.tributary.sync.config.SyncProperties;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Upserts into and deletes from a table of a target database ({@code INSERT ... ON CONFLICT (key) DO UPDATE}).
 * Values convert as PostgreSQL casts text: strings are sent untyped ({@code stringtype=unspecified}), so
 * {@code '2024-01-15'} fills a date column and {@code '42'} an integer one; numbers keep every digit; objects and
 * arrays arrive as JSON text (for json and jsonb columns). The external id is the key's values as a JSON array.
 * A constraint, data or schema error is permanent (SQLState classes 22, 23, 42); anything else is retried.
 */
public final class JdbcTarget implements SyncTarget {

    private final SyncProperties.Jdbc config;
    private final String table;

    public JdbcTarget(SyncProperties.Jdbc config) {
        this.config = config;
        this.table = quoteQualified(config.table());
    }

    @Override
    public String upsert(String externalId, ObjectNode fields) {
        List<String> columns = new ArrayList<>();
        fields.fieldNames().forEachRemaining(columns::add);
        String sql = "INSERT INTO " + table + " (" + columns.stream().map(JdbcTarget::quote)
                .collect(Collectors.joining(", ")) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ") ON CONFLICT ("
                + config.keyColumns().stream().map(JdbcTarget::quote).collect(Collectors.joining(", ")) + ") DO "
                + (columns.size() == config.keyColumns().size() ? "NOTHING" : "UPDATE SET " + columns.stream()
                        .filter(c -> !config.keyColumns().contains(c)).map(c -> quote(c) + " = EXCLUDED." + quote(c))
                        .collect(Collectors.joining(", ")));
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < columns.size(); i++) {
                bind(statement, i + 1, fields.get(columns.get(i)));
            }
            statement.executeUpdate();
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
        String sql = "DELETE FROM " + table + " WHERE " + config.keyColumns().stream()
                .map(c -> quote(c) + " = ?").collect(Collectors.joining(" AND "));
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            Iterator<JsonNode> values = key.elements();
            for (int i = 1; values.hasNext(); i++) {
                bind(statement, i, values.next());
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw failure("delete from " + config.table(), e);
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (config.user() != null) {
            properties.setProperty("user", config.user());
        }
        if (config.password() != null) {
            properties.setProperty("password", config.password());
        }
        properties.setProperty("stringtype", "unspecified");
        return DriverManager.getConnection(config.url(), properties);
    }

    private static void bind(PreparedStatement statement, int index, JsonNode value) throws SQLException {
        if (value == null || value.isNull()) {
            statement.setObject(index, null);
        } else if (value.isNumber()) {
            statement.setBigDecimal(index, value.decimalValue());
        } else if (value.isBoolean()) {
            statement.setBoolean(index, value.booleanValue());
        } else if (value.isTextual()) {
            statement.setString(index, value.textValue());
        } else {
            statement.setString(index, Json.write(value));
        }
    }

    static DeliveryFailure failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = what + " failed: " + e.getMessage() + " (SQLState " + state + ")";
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
