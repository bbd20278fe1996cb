package io.tributary.e2e.chaos;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The load of the chaos run: one thread committing single-row changes to {@code chaos_items} at a steady rate, an
 * insert of a key's first change and then updates, each setting the key's next sequence number. Only a change whose
 * commit succeeded goes to the {@link Ledger}; a commit whose answer was lost (the database was killed) is settled
 * by reading the row once the database is back. Its session commits synchronously, so an acknowledged commit
 * survives a crash of PostgreSQL whatever the server's {@code synchronous_commit}.
 */
final class RowWriter implements AutoCloseable {

    private final Callable<Connection> connections;
    private final Ledger ledger;
    private final int keys;
    private final long intervalNanos;
    private final Random random;
    private final Map<Integer, Long> seqs = new HashMap<>();
    private final List<Integer> perSecond = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger settledInDoubt = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long longestGapNanos;
    private volatile Throwable failure;
    private long started;
    private Connection connection;

    RowWriter(Callable<Connection> connections, Ledger ledger, int keys, double rate, long seed) {
        this.connections = connections;
        this.ledger = ledger;
        this.keys = keys;
        this.intervalNanos = (long) (1_000_000_000L / rate);
        this.random = new Random(seed);
        this.thread = new Thread(this::run, "chaos-writer");
        thread.setDaemon(true);
    }

    void start() {
        started = System.nanoTime();
        thread.start();
    }

    /** Stops the load and returns when the last change is settled; fails when the writer did. Idempotent. */
    @Override
    public void close() throws InterruptedException {
        if (!running) {
            return;
        }
        running = false;
        thread.join(120_000);
        if (thread.isAlive()) {
            // Still waiting for a database that does not come back.
            thread.interrupt();
            thread.join(5_000);
        }
        if (failure != null) {
            throw new IllegalStateException("the writer failed", failure);
        }
    }

    int failures() {
        return failures.get();
    }

    int settledInDoubt() {
        return settledInDoubt.get();
    }

    long longestGapMillis() {
        return longestGapNanos / 1_000_000;
    }

    /** Commits in each second since the start. */
    synchronized List<Integer> perSecond() {
        return List.copyOf(perSecond);
    }

    private void run() {
        long next = System.nanoTime();
        long lastCommit = next;
        try {
            while (running) {
                long now = System.nanoTime();
                if (now < next) {
                    LockSupport.parkNanos(next - now);
                    continue;
                }
                // After an outage, go on at the rate instead of catching up in a burst.
                next = Math.max(next + intervalNanos, now - 1_000_000_000L);
                int key = 1 + random.nextInt(keys);
                long seq = seqs.getOrDefault(key, 0L) + 1;
                if (commit(key, seq)) {
                    seqs.put(key, seq);
                    ledger.committed(key, seq);
                    long at = System.nanoTime();
                    longestGapNanos = Math.max(longestGapNanos, at - lastCommit);
                    lastCommit = at;
                    count(at);
                }
            }
        } catch (Throwable e) {
            failure = e;
        } finally {
            closeConnection();
        }
    }

    /** Whether the change committed; retries nothing, but settles a commit whose outcome is unknown. */
    private boolean commit(int key, long seq) throws InterruptedException {
        try {
            Connection c = connection();
            if (seq == 1) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO chaos_items (id, tenant, seq, parity,"
                        + " note) VALUES (?, 'chaos', ?, ?, ?)")) {
                    insert.setInt(1, key);
                    bind(insert, 2, key, seq);
                    insert.executeUpdate();
                }
            } else {
                try (PreparedStatement update = c.prepareStatement("UPDATE chaos_items SET seq = ?, parity = ?,"
                        + " note = ? WHERE id = ? AND seq = ?")) {
                    bind(update, 1, key, seq);
                    update.setInt(4, key);
                    update.setLong(5, seq - 1);
                    if (update.executeUpdate() != 1) {
                        throw new IllegalStateException("row " + key + " is not at seq " + (seq - 1));
                    }
                }
            }
            return true;
        } catch (SQLException e) {
            failures.incrementAndGet();
            closeConnection();
            return settle(key, seq);
        }
    }

    private static void bind(PreparedStatement statement, int first, int key, long seq) throws SQLException {
        statement.setLong(first, seq);
        statement.setString(first + 1, seq % 2 == 0 ? "even" : "odd");
        statement.setString(first + 2, "change " + seq + " of row " + key);
    }

    /** After a failed statement: waits for the database and reads whether the change committed after all. */
    private boolean settle(int key, long seq) throws InterruptedException {
        while (true) {
            try (PreparedStatement read = connection().prepareStatement("SELECT seq FROM chaos_items WHERE id = ?")) {
                read.setInt(1, key);
                try (ResultSet rs = read.executeQuery()) {
                    boolean committed = rs.next() && rs.getLong(1) == seq;
                    if (committed) {
                        settledInDoubt.incrementAndGet();
                    }
                    return committed;
                }
            } catch (SQLException e) {
                closeConnection();
                Thread.sleep(200);
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            try {
                connection = connections.call();
            } catch (SQLException e) {
                throw e;
            } catch (Exception e) {
                throw new SQLException(e);
            }
            try (var statement = connection.createStatement()) {
                statement.execute("SET synchronous_commit = on");
            }
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // gone with the server
            }
            connection = null;
        }
    }

    private synchronized void count(long at) {
        int second = (int) ((at - started) / 1_000_000_000L);
        while (perSecond.size() <= second) {
            perSecond.add(0);
        }
        perSecond.set(second, perSecond.get(second) + 1);
    }
}
