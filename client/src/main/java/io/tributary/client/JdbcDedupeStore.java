package io.tributary.client;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Handled deliveries in a PostgreSQL table ({@code tributary_processed_delivery}, created when missing), per
 * consumer group, so dedupe survives restarts and crashes. Thread-safe: each call takes a connection from the
 * supplier (a pool's {@code getConnection}) and closes it.
 */
public final class JdbcDedupeStore implements DedupeStore {

    /** Where connections come from. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection get() throws SQLException;
    }

    private final ConnectionSource connections;
    private final String group;

    public JdbcDedupeStore(ConnectionSource connections, String group) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.group = Objects.requireNonNull(group, "group");
        try (Connection connection = connections.get()) {
            connection.createStatement().execute("CREATE TABLE IF NOT EXISTS tributary_processed_delivery ("
                    + " consumer_group text NOT NULL, delivery_id text NOT NULL,"
                    + " processed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer_group, delivery_id))");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create tributary_processed_delivery: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean seen(String deliveryId) {
        try (Connection connection = connections.get(); PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM tributary_processed_delivery WHERE consumer_group = ? AND delivery_id = ?")) {
            query.setString(1, group);
            query.setString(2, deliveryId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read tributary_processed_delivery: " + e.getMessage(), e);
        }
    }

    @Override
    public void record(String deliveryId) {
        try (Connection connection = connections.get(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO tributary_processed_delivery (consumer_group, delivery_id) VALUES (?, ?)"
                        + " ON CONFLICT DO NOTHING")) {
            insert.setString(1, group);
            insert.setString(2, deliveryId);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write tributary_processed_delivery: " + e.getMessage(), e);
        }
    }
}
