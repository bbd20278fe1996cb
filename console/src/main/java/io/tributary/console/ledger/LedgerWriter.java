package io.tributary.console.ledger;

import io.tributary.console.ledger.LedgerRows.AttemptRow;
import io.tributary.console.ledger.LedgerRows.Batch;
import io.tributary.console.ledger.LedgerRows.DeadLetterRow;
import io.tributary.console.ledger.LedgerRows.DeliveryRow;
import io.tributary.console.ledger.LedgerRows.EventRow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a batch of ledger rows in one transaction, each insert {@code ON CONFLICT DO NOTHING} on the row's natural
 * key: writing the same batch twice stores it once. Rows are written in key order, so that two writers holding
 * some of the same keys wait for each other instead of deadlocking. After the transaction commits, the events it
 * stored (not those it found already stored) are handed to every {@link #onEventsStored listener}, on the writing
 * thread; a listener must be quick and is never allowed to fail the write. Thread-safe.
 */
public final class LedgerWriter {

    /** The schema the ledger's tables live in; Flyway creates and migrates it at start. */
    public static final String SCHEMA = "tributary_console";

    private static final String INSERT_EVENT = "INSERT INTO " + SCHEMA + ".events (event_id, tenant, type, source,"
            + " table_name, record_id, operation, at, data, subject, attributes)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb)"
            + " ON CONFLICT DO NOTHING";
    private static final String INSERT_DELIVERY = "INSERT INTO " + SCHEMA + ".deliveries (delivery_id, event_id,"
            + " subscription_id, subscription_name, tenant, handler_type, endpoint_host, event_type, table_name,"
            + " record_id, at, record_key, subscription_config, kafka_topic, kafka_partition, kafka_offset)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String INSERT_ATTEMPT = "INSERT INTO " + SCHEMA + ".attempts (delivery_id, attempt, at,"
            + " subscription_id, event_id, outcome, http_status, latency_ms, endpoint_host, error, response_body,"
            + " tenant, subscription_name, event_type, table_name, record_id, record_key, request)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING";
    private static final String INSERT_DEAD_LETTER = "INSERT INTO " + SCHEMA + ".dead_letters (topic,"
            + " kafka_partition, kafka_offset, at, reason, reason_code, exception, last_status, original_topic,"
            + " original_partition, original_offset, tenant, event_id, delivery_id, subscription_id, event_type,"
            + " value_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final List<Consumer<List<EventRow>>> listeners = new CopyOnWriteArrayList<>();

    public LedgerWriter(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Writes every row of the batch, or none (the transaction rolls back and the exception is thrown). */
    public void write(Batch batch) {
        List<EventRow> stored = transactions.execute(status -> {
            List<EventRow> events = writeEvents(sorted(batch.events(), Comparator.comparing(EventRow::eventId)));
            writeDeliveries(sorted(batch.deliveries(), Comparator.comparing(DeliveryRow::deliveryId)));
            writeAttempts(sorted(batch.attempts(), Comparator.comparing(AttemptRow::deliveryId)
                    .thenComparingInt(AttemptRow::attempt).thenComparing(AttemptRow::at)));
            writeDeadLetters(sorted(batch.deadLetters(), Comparator.comparing(DeadLetterRow::topic)
                    .thenComparingInt(DeadLetterRow::partition).thenComparingLong(DeadLetterRow::offset)));
            return events;
        });
        if (stored != null && !stored.isEmpty()) {
            for (Consumer<List<EventRow>> listener : listeners) {
                try {
                    listener.accept(stored);
                } catch (RuntimeException e) {
                    LOG.warn("A listener of stored ledger events failed; the events are stored all the same", e);
                }
            }
        }
    }

    /** Adds a listener of the events each write stores, called after its commit. */
    public void onEventsStored(Consumer<List<EventRow>> listener) {
        listeners.add(listener);
    }

    /** Writes the events; returns those inserted (a row already stored counts 0 and is left out). */
    private List<EventRow> writeEvents(List<EventRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        int[][] counts = jdbc.batchUpdate(INSERT_EVENT, rows, rows.size(), (ps, row) -> {
            ps.setString(1, row.eventId());
            ps.setString(2, row.tenant());
            ps.setString(3, row.type());
            ps.setString(4, row.source());
            ps.setString(5, row.table());
            ps.setString(6, row.recordId());
            ps.setString(7, row.operation());
            ps.setObject(8, utc(row.at()));
            ps.setString(9, row.data());
            ps.setString(10, row.subject());
            ps.setString(11, row.attributes());
        });
        List<EventRow> inserted = new ArrayList<>();
        int i = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                // SUCCESS_NO_INFO (a driver that rewrote the batch) is counted as stored.
                if (count != 0 && i < rows.size()) {
                    inserted.add(rows.get(i));
                }
                i++;
            }
        }
        return inserted;
    }

    private void writeDeliveries(List<DeliveryRow> rows) {
        jdbc.batchUpdate(INSERT_DELIVERY, rows, rows.size(), (ps, row) -> {
            ps.setString(1, row.deliveryId());
            ps.setString(2, row.eventId());
            ps.setString(3, row.subscriptionId());
            ps.setString(4, row.subscriptionName());
            ps.setString(5, row.tenant());
            ps.setString(6, row.handlerType());
            ps.setString(7, row.endpointHost());
            ps.setString(8, row.eventType());
            ps.setString(9, row.table());
            ps.setString(10, row.recordId());
            ps.setObject(11, utc(row.at()));
            ps.setString(12, row.recordKey());
            ps.setString(13, row.subscriptionConfig());
            ps.setString(14, row.kafkaTopic());
            ps.setInt(15, row.kafkaPartition());
            ps.setLong(16, row.kafkaOffset());
        });
    }

    private void writeAttempts(List<AttemptRow> rows) {
        jdbc.batchUpdate(INSERT_ATTEMPT, rows, rows.size(), (ps, row) -> {
            ps.setString(1, row.deliveryId());
            ps.setInt(2, row.attempt());
            ps.setObject(3, utc(row.at()));
            ps.setString(4, row.subscriptionId());
            ps.setString(5, row.eventId());
            ps.setString(6, row.outcome());
            ps.setInt(7, row.httpStatus());
            ps.setLong(8, row.latencyMs());
            ps.setString(9, row.endpointHost());
            ps.setString(10, row.error());
            ps.setString(11, row.responseBody());
            ps.setString(12, row.tenant());
            ps.setString(13, row.subscriptionName());
            ps.setString(14, row.eventType());
            ps.setString(15, row.table());
            ps.setString(16, row.recordId());
            ps.setString(17, row.recordKey());
            ps.setString(18, row.request());
        });
    }

    private void writeDeadLetters(List<DeadLetterRow> rows) {
        jdbc.batchUpdate(INSERT_DEAD_LETTER, rows, rows.size(), (ps, row) -> {
            ps.setString(1, row.topic());
            ps.setInt(2, row.partition());
            ps.setLong(3, row.offset());
            ps.setObject(4, utc(row.at()));
            ps.setString(5, row.reason());
            ps.setString(6, row.reasonCode());
            ps.setString(7, row.exception());
            ps.setObject(8, row.lastStatus(), java.sql.Types.INTEGER);
            ps.setString(9, row.originalTopic());
            ps.setObject(10, row.originalPartition(), java.sql.Types.INTEGER);
            ps.setObject(11, row.originalOffset(), java.sql.Types.BIGINT);
            ps.setString(12, row.tenant());
            ps.setString(13, row.eventId());
            ps.setString(14, row.deliveryId());
            ps.setString(15, row.subscriptionId());
            ps.setString(16, row.eventType());
            ps.setInt(17, row.valueBytes());
        });
    }

    private static <T> List<T> sorted(List<T> rows, Comparator<T> order) {
        return rows.stream().sorted(order).toList();
    }

    static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
