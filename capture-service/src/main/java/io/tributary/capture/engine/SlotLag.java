package io.tributary.capture.engine;

import io.tributary.capture.config.CaptureProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many bytes of WAL the capture's replication slot holds back: {@code pg_current_wal_lsn()} minus the
 * slot's {@code confirmed_flush_lsn}. Read on demand (a metrics scrape); {@code NaN} when it cannot be read, which
 * is logged once per distinct reason (not on every scrape).
 */
public final class SlotLag {

    private static final Logger LOG = LoggerFactory.getLogger(SlotLag.class);

    private final CaptureProperties properties;
    private volatile String lastProblem;

    public SlotLag(CaptureProperties properties) {
        this.properties = properties;
    }

    public double bytes() {
        try (Connection connection = properties.database().connect();
                PreparedStatement query = connection.prepareStatement("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(),"
                        + " confirmed_flush_lsn) FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, properties.slotName());
            try (ResultSet rs = query.executeQuery()) {
                if (rs.next()) {
                    double lag = rs.getDouble(1);
                    if (rs.wasNull()) {
                        return unknown("the replication slot " + properties.slotName() + " has not confirmed a"
                                + " position yet");
                    }
                    lastProblem = null;
                    return lag;
                }
                return unknown("the database has no replication slot " + properties.slotName() + " yet");
            }
        } catch (SQLException e) {
            return unknown("the replication slot's position could not be read: " + e.getMessage());
        }
    }

    private double unknown(String problem) {
        if (!problem.equals(lastProblem)) {
            lastProblem = problem;
            LOG.warn("Slot lag unknown (tributary_capture_slot_lag_bytes is NaN): {}", problem);
        }
        return Double.NaN;
    }
}
