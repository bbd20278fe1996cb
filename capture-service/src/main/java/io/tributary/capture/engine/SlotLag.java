package io.tributary.capture.engine;

import io.tributary.capture.config.CaptureProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How many bytes of WAL the capture's replication slot holds back: {@code pg_current_wal_lsn()} minus the
 * slot's {@code confirmed_flush_lsn}. Read on demand (a metrics scrape); {@code NaN} when it cannot be read.
 */
public final class SlotLag {

    private final CaptureProperties properties;

    public SlotLag(CaptureProperties properties) {
        this.properties = properties;
    }

    public double bytes() {
        try (Connection connection = properties.database().connect();
                PreparedStatement query = connection.prepareStatement("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(),"
                        + " confirmed_flush_lsn) FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, properties.slotName());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getDouble(1) : Double.NaN;
            }
        } catch (SQLException e) {
            return Double.NaN;
        }
    }
}
