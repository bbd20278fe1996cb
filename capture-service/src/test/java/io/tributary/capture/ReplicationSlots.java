package io.tributary.capture;

import static org.awaitility.Awaitility.await;

import io.tributary.testkit.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;

/** The capture tests' view of a replication slot: wait until the capture streams from it, drop it afterwards. */
public final class ReplicationSlots {

    private ReplicationSlots() {
    }

    /** Waits up to 90 s until the slot is active, that is, until a capture streams from it. */
    public static void awaitStreaming(PostgresDatabase db, String slot) {
        awaitStreaming(db, slot, Duration.ofSeconds(90));
    }

    /** Waits up to {@code atMost} until the slot is active. */
    public static void awaitStreaming(PostgresDatabase db, String slot, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (Connection connection = db.connect();
                    ResultSet rs = connection.createStatement().executeQuery(
                            "SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    /** Drops the slot, retrying for up to 30 s while the capture that used it lets go. */
    public static void dropSlot(PostgresDatabase db, String slot) {
        dropSlot(db, slot, Duration.ofSeconds(30));
    }

    /** Drops the slot, retrying for up to {@code atMost}. */
    public static void dropSlot(PostgresDatabase db, String slot, Duration atMost) {
        await().atMost(atMost).ignoreExceptions().untilAsserted(() -> db.execute(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot + "'"));
    }
}
