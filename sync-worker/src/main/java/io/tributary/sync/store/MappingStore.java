package io.tributary.sync.store;

import com.zaxxer.hikari.HikariDataSource;
import io.tributary.sync.config.SyncProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code external_integration_mapping} table: for each target, tenant, source table and record, its external
 * id and the last event synced. Each call borrows a connection from the store's pool ({@link ConnectionPools});
 * thread-safe. Close it to close the pool.
 */
public final class MappingStore implements AutoCloseable {

    /** One record's mapping. */
    public record Entry(String externalId, String lastEventId, Instant lastEventTime, String status) {
    }

    private final HikariDataSource pool;

    public MappingStore(SyncProperties.Database database) {
        this.pool = ConnectionPools.pool("mapping-store", database.url(), database.user(), database.password());
    }

    /** Creates the table when missing ({@code db/external_integration_mapping.sql}). */
    public void createTableIfMissing() throws SQLException {
        try (InputStream in = MappingStore.class.getResourceAsStream("/db/external_integration_mapping.sql");
                Connection connection = connect()) {
            connection.createStatement().execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Entry> find(String provider, String tenant, String table, String recordId) throws SQLException {
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT external_id, last_event_id, last_event_time, status FROM external_integration_mapping"
                        + " WHERE provider = ? AND tenant = ? AND source_table = ? AND record_id = ?")) {
            bindKey(query, provider, tenant, table, recordId);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp time = rs.getTimestamp(3);
                return Optional.of(new Entry(rs.getString(1), rs.getString(2), time == null ? null : time.toInstant(),
                        rs.getString(4)));
            }
        }
    }

    public void save(String provider, String tenant, String table, String recordId, Entry entry) throws SQLException {
        try (Connection connection = connect(); PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO external_integration_mapping (provider, tenant, source_table, record_id, external_id,"
                        + " last_event_id, last_event_time, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (provider, tenant, source_table, record_id) DO UPDATE SET"
                        + " external_id = EXCLUDED.external_id, last_event_id = EXCLUDED.last_event_id,"
                        + " last_event_time = EXCLUDED.last_event_time, status = EXCLUDED.status, updated_at = now()")) {
            bindKey(upsert, provider, tenant, table, recordId);
            upsert.setString(5, entry.externalId());
            upsert.setString(6, entry.lastEventId());
            upsert.setTimestamp(7, entry.lastEventTime() == null ? null : Timestamp.from(entry.lastEventTime()));
            upsert.setString(8, entry.status());
            upsert.executeUpdate();
        }
    }

    private static void bindKey(PreparedStatement statement, String provider, String tenant, String table,
            String recordId) throws SQLException {
        statement.setString(1, provider);
        statement.setString(2, tenant == null ? "-" : tenant);
        statement.setString(3, table);
        statement.setString(4, recordId);
    }

    /** A connection of the pool; close it to give it back. */
    public Connection connect() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }
}
