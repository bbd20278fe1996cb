package io.tributary.bench.load;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Inserts rows into the load table at an offered rate from a few JDBC connections, each committing a small batch
 * at a fixed interval. The schedule is absolute: a writer that falls behind catches up without sleeping, so the
 * achieved rate shows what the database and this machine allowed. Each row's commit time is noted in
 * {@link RowTimes}. Ids come from one counter, so a step's rows are one contiguous range. Not thread-safe itself:
 * one {@link #run} at a time.
 */
final class RowWriter implements AutoCloseable {

    static final String[] STATUSES = {"draft", "confirmed", "shipped", "cancelled"};

    private final List<Connection> connections;
    private final String table;
    private final RowTimes times;
    private final long batchIntervalNanos;
    private final AtomicLong nextId = new AtomicLong(1);
    private final ExecutorService executor;

    RowWriter(List<Connection> connections, String table, RowTimes times, long batchIntervalMillis) {
        this.connections = connections;
        this.table = table;
        this.times = times;
        this.batchIntervalNanos = batchIntervalMillis * 1_000_000;
        this.executor = Executors.newFixedThreadPool(connections.size(), r -> {
            Thread thread = new Thread(r, "row-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The id the next row will get. */
    long nextId() {
        return nextId.get();
    }

    /**
     * Offers {@code rate} rows per second for {@code seconds}; returns the rows committed. Stops early (and says so
     * by the count) when the rows would not fit in {@link RowTimes}.
     */
    long run(double rate, double seconds) throws Exception {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        double perWriter = rate / connections.size();
        List<Future<Long>> writers = new ArrayList<>();
        for (Connection connection : connections) {
            writers.add(executor.submit(writer(connection, perWriter, start, end)));
        }
        long committed = 0;
        for (Future<Long> writer : writers) {
            committed += writer.get();
        }
        return committed;
    }

    private Callable<Long> writer(Connection connection, double rowsPerSecond, long start, long end) {
        return () -> {
            String sql = "INSERT INTO " + table + " (id, tenant, status, customer, amount) VALUES (?, ?, ?, ?, ?)";
            long written = 0;
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                for (long batch = 1; ; batch++) {
                    long due = start + batch * batchIntervalNanos;
                    if (due > end) {
                        break;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long rows = (long) Math.floor(rowsPerSecond * (due - start) / 1e9) - written;
                    if (rows <= 0) {
                        continue;
                    }
                    long first = nextId.getAndAdd(rows);
                    if (!times.covers(first + rows)) {
                        break;
                    }
                    insertBatch(connection, insert, first, rows);
                    written += rows;
                }
            }
            return written;
        };
    }

    private void insertBatch(Connection connection, PreparedStatement insert, long first, long rows)
            throws SQLException {
        for (long id = first; id < first + rows; id++) {
            insert.setLong(1, id);
            insert.setString(2, "bench");
            insert.setString(3, STATUSES[(int) (id % STATUSES.length)]);
            insert.setString(4, "customer-" + (id % 10_000));
            insert.setBigDecimal(5, BigDecimal.valueOf(id % 100_000, 2));
            insert.addBatch();
        }
        insert.executeBatch();
        connection.commit();
        long committed = RowTimes.nowMicros();
        for (long id = first; id < first + rows; id++) {
            times.mark(RowTimes.Point.COMMITTED, id, committed);
        }
    }

    @Override
    public void close() throws SQLException {
        executor.shutdownNow();
        for (Connection connection : connections) {
            connection.close();
        }
    }
}
