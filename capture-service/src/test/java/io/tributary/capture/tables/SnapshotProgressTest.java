package io.tributary.capture.tables;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.pipeline.notification.Notification;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotProgressTest {

    static final long T0 = Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();

    static Notification notification(String id, String type, Map<String, String> data, long at) {
        return new Notification(id, "Incremental Snapshot", type, data, at);
    }

    @Test
    void shouldFollowATablesSnapshotFromStartToCompletion() {
        SnapshotProgress.record(notification("sig-1", "STARTED", Map.of("data_collections", "public.t1,public.t2"),
                T0));
        assertThat(SnapshotProgress.of("public.t1").orElseThrow().toJson().toString()).isEqualTo(
                "{\"signal\":\"sig-1\",\"state\":\"RUNNING\",\"updatedAt\":\"2026-12-07T10:00:00Z\"}");

        SnapshotProgress.record(notification("sig-1", "IN_PROGRESS", Map.of("data_collections", "public.t1,public.t2",
                "current_collection_in_progress", "public.t1", "maximum_key", "[9000]", "last_processed_key", "[1024]"),
                T0 + 1000));
        assertThat(SnapshotProgress.of("public.t1").orElseThrow().toJson().toString()).isEqualTo(
                "{\"signal\":\"sig-1\",\"state\":\"RUNNING\",\"lastKey\":\"[1024]\",\"maximumKey\":\"[9000]\","
                        + "\"updatedAt\":\"2026-12-07T10:00:01Z\"}");

        SnapshotProgress.record(notification("sig-1", "TABLE_SCAN_COMPLETED", Map.of("data_collections",
                "public.t1,public.t2", "scanned_collection", "public.t1", "total_rows_scanned", "9000", "status",
                "SUCCEEDED"), T0 + 2000));
        assertThat(SnapshotProgress.of("public.t1").orElseThrow().state()).isEqualTo("SCANNED");
        assertThat(SnapshotProgress.of("public.t1").orElseThrow().rowsScanned()).isEqualTo(9000L);
        assertThat(SnapshotProgress.of("public.t2").orElseThrow().state()).isEqualTo("RUNNING");

        SnapshotProgress.record(notification("sig-1", "TABLE_SCAN_COMPLETED", Map.of("scanned_collection",
                "public.t2", "total_rows_scanned", "0", "status", "EMPTY"), T0 + 3000));
        SnapshotProgress.record(notification("sig-1", "COMPLETED", Map.of(), T0 + 4000));

        assertThat(SnapshotProgress.of("public.t1").orElseThrow().toJson().toString()).isEqualTo(
                "{\"signal\":\"sig-1\",\"state\":\"COMPLETED\",\"rowsScanned\":9000,"
                        + "\"updatedAt\":\"2026-12-07T10:00:04Z\"}");
        assertThat(SnapshotProgress.of("public.t2").orElseThrow().state()).isEqualTo("COMPLETED");
        assertThat(SnapshotProgress.of("public.t2").orElseThrow().rowsScanned()).isZero();
    }

    @Test
    void shouldKeepWhyATableWasNotScannedAfterTheSnapshotCompleted() {
        SnapshotProgress.record(notification("sig-3", "STARTED", Map.of("data_collections", "public.t5"), T0));
        SnapshotProgress.record(notification("sig-3", "TABLE_SCAN_COMPLETED", Map.of("scanned_collection",
                "public.t5", "total_rows_scanned", "0", "status", "SQL_EXCEPTION"), T0 + 10));
        SnapshotProgress.record(notification("sig-3", "COMPLETED", Map.of(), T0 + 20));

        assertThat(SnapshotProgress.of("public.t5").orElseThrow().state()).isEqualTo("SQL_EXCEPTION");
    }

    @Test
    void shouldMarkAnAbortedSnapshotAndIgnoreOtherNotifications() {
        SnapshotProgress.record(notification("sig-2", "STARTED", Map.of("data_collections", "public.t3"), T0));
        SnapshotProgress.record(notification("sig-2", "ABORTED", Map.of("data_collections", "public.t3"), T0 + 10));
        SnapshotProgress.record(new Notification("init", "Initial Snapshot", "COMPLETED", Map.of(), T0 + 20));

        assertThat(SnapshotProgress.of("public.t3").orElseThrow().state()).isEqualTo("ABORTED");
        assertThat(SnapshotProgress.of("public.t4")).isEmpty();
    }
}
