package io.tributary.capture.tables;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debezium.config.CommonConnectorConfig;
import io.debezium.pipeline.notification.Notification;
import io.debezium.pipeline.notification.channels.NotificationChannel;
import io.tributary.model.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The progress of the incremental snapshots of attached tables, from Debezium's own snapshot notifications
 * ({@code notification.enabled.channels=tributary}; Debezium loads this channel through {@link java.util.ServiceLoader}
 * and the capture engine enables it): per table ({@code schema.table}), the snapshot's signal id, its state
 * ({@code RUNNING}, then {@code SCANNED} when the table's scan ended, {@code COMPLETED} when the whole snapshot did,
 * {@code ABORTED}, or why Debezium did not scan the table: {@code NO_PRIMARY_KEY}, {@code SKIPPED},
 * {@code SQL_EXCEPTION}, {@code UNKNOWN_SCHEMA}), the rows scanned once known, the last key read and the table's maximum key while it runs, and
 * when the state last changed. {@code GET /v1/tables} shows it on each table. The registry is process-wide (Debezium
 * creates the channel itself); thread-safe.
 */
public final class SnapshotProgress implements NotificationChannel {

    /** The channel's name in {@code notification.enabled.channels}. */
    public static final String CHANNEL = "tributary";

    /** One table's snapshot as last reported. */
    public record State(String signalId, String state, Long rowsScanned, String lastKey, String maximumKey,
            Instant updatedAt) {

        /** As {@code GET /v1/tables} shows it. */
        public ObjectNode toJson() {
            ObjectNode json = Json.mapper().createObjectNode().put("signal", signalId).put("state", state);
            if (rowsScanned != null) {
                json.put("rowsScanned", rowsScanned);
            }
            if (lastKey != null) {
                json.put("lastKey", lastKey);
            }
            if (maximumKey != null) {
                json.put("maximumKey", maximumKey);
            }
            return json.put("updatedAt", updatedAt.toString());
        }
    }

    private static final Map<String, State> TABLES = new ConcurrentHashMap<>();
    private static final String INCREMENTAL = "Incremental Snapshot";

    /** The last reported snapshot of {@code table} ({@code schema.table}), if one ran in this process. */
    public static Optional<State> of(String table) {
        return Optional.ofNullable(TABLES.get(table));
    }

    /** Takes one Debezium notification; anything but an incremental snapshot's is ignored. */
    static void record(Notification notification) {
        if (!INCREMENTAL.equals(notification.getAggregateType())) {
            return;
        }
        Map<String, String> data = notification.getAdditionalData() == null ? Map.of()
                : notification.getAdditionalData();
        Instant at = notification.getTimestamp() == null ? Instant.now()
                : Instant.ofEpochMilli(notification.getTimestamp());
        String id = notification.getId();
        switch (notification.getType()) {
            case "STARTED" -> each(data.get("data_collections"), table -> new State(id, "RUNNING", null, null, null,
                    at));
            case "IN_PROGRESS" -> {
                String table = data.get("current_collection_in_progress");
                if (table != null && !table.isBlank()) {
                    TABLES.put(table.strip(), new State(id, "RUNNING", null, blankless(data.get("last_processed_key")),
                            blankless(data.get("maximum_key")), at));
                }
            }
            case "TABLE_SCAN_COMPLETED" -> {
                String table = data.get("scanned_collection");
                if (table != null && !table.isBlank()) {
                    String status = data.getOrDefault("status", "SUCCEEDED");
                    // EMPTY is a scan of no rows; NO_PRIMARY_KEY, SKIPPED, SQL_EXCEPTION or UNKNOWN_SCHEMA say why
                    // the table was not scanned, and stay shown.
                    TABLES.put(table.strip(), new State(id, "SUCCEEDED".equals(status) || "EMPTY".equals(status)
                            ? "SCANNED" : status,
                            number(data.get("total_rows_scanned")), null, null, at));
                }
            }
            case "COMPLETED" -> TABLES.replaceAll((table, state) -> id.equals(state.signalId())
                    && ("RUNNING".equals(state.state()) || "SCANNED".equals(state.state()))
                    ? new State(id, "COMPLETED", state.rowsScanned(), null, null, at) : state);
            case "ABORTED" -> each(data.get("data_collections"), table -> new State(id, "ABORTED",
                    of(table).map(State::rowsScanned).orElse(null), null, null, at));
            default -> {
                // PAUSED and RESUMED change nothing shown.
            }
        }
    }

    private static void each(String tables, java.util.function.Function<String, State> state) {
        if (tables == null) {
            return;
        }
        for (String table : tables.split(",")) {
            if (!table.isBlank()) {
                TABLES.put(table.strip(), state.apply(table.strip()));
            }
        }
    }

    private static String blankless(String key) {
        return key == null || key.isBlank() || key.equals("<none>") ? null : key;
    }

    private static Long number(String text) {
        try {
            return text == null ? null : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void init(CommonConnectorConfig config) {
        // Nothing to set up: the registry is static.
    }

    @Override
    public String name() {
        return CHANNEL;
    }

    @Override
    public void send(Notification notification) {
        record(notification);
    }

    @Override
    public void close() {
        // The registry outlives an engine's restart, so that a finished snapshot stays shown.
    }
}
