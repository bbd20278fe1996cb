package io.tributary.client;

import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Objects;

/**
 * Writes an event into the transactional outbox ({@code tributary_outbox}) on the caller's JDBC connection, so it
 * commits or rolls back with the business write beside it. The capture-service emits each committed row as the
 * event, with the event id as idempotency key: writing the same id twice fails on the table's unique key.
 *
 * <pre>{@code
 * connection.setAutoCommit(false);
 * updateInvoice(connection);
 * outbox.write(connection, publisher.event("invoice.paid", data).tenant("co_1").subject("inv_7").build());
 * connection.commit();
 * }</pre>
 * Thread-safe (it holds no connection).
 */
public final class OutboxWriter {

    private final String sql;

    /** Writes to {@code tributary_outbox} on the connection's search path. */
    public OutboxWriter() {
        this("tributary_outbox");
    }

    /** Writes to the given outbox table ({@code schema.table} or {@code table}). */
    public OutboxWriter(String table) {
        if (!Objects.requireNonNull(table, "table").matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
            throw new IllegalArgumentException("table must be table or schema.table, got '" + table + "'");
        }
        this.sql = "INSERT INTO " + table + " (tenant, event_type, source, subject, payload, idempotency_key,"
                + " correlation_id, causation_id, depth) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)";
    }

    /** Inserts the event; it is emitted if and when the connection's transaction commits. */
    public void write(Connection connection, EventEnvelope event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, event.tenant());
            insert.setString(2, event.type());
            insert.setString(3, event.source());
            insert.setString(4, event.subject());
            insert.setString(5, event.data() == null ? "null" : Json.write(event.data()));
            insert.setString(6, event.id());
            setNullable(insert, 7, event.correlationid());
            setNullable(insert, 8, event.causationid());
            insert.setInt(9, event.depth());
            insert.executeUpdate();
        }
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
