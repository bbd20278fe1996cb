package io.tributary.bench.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * The capture's throughput on a bulk insert: one {@code INSERT ... SELECT generate_series} of many rows in one
 * transaction into a captured table, then the time until the last of its events is visible on
 * {@code tributary.events}. Rows per second are counted from the commit, since PostgreSQL hands a transaction to
 * logical decoding only once it committed. Not thread-safe.
 */
final class CaptureBulk {

    private final Connection connection;
    private final String table;
    private final TopicObserver observer;
    private final PrintStream out;

    CaptureBulk(Connection connection, String table, TopicObserver observer, PrintStream out) {
        this.connection = connection;
        this.table = table;
        this.observer = observer;
        this.out = out;
    }

    ObjectNode measure(int rows, double stallSeconds) throws Exception {
        observer.resetBulk();
        long begin = RowTimes.nowMicros();
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO " + table + " (id, tenant, status, customer, amount)"
                    + " SELECT g, 'bench', (ARRAY['draft','confirmed','shipped','cancelled'])[1 + g % 4],"
                    + " 'customer-' || (g % 10000), (g % 100000) / 100.0 FROM generate_series(1, " + rows + ") g");
            connection.commit();
        }
        long committed = RowTimes.nowMicros();
        out.printf("bulk: %,d rows committed in %.1f s; waiting for their events%n", rows, (committed - begin) / 1e6);
        long seen = 0;
        long lastProgress = System.nanoTime();
        while (observer.bulkEvents() < rows
                && System.nanoTime() - lastProgress < TimeUnit.MILLISECONDS.toNanos((long) (stallSeconds * 1000))) {
            Thread.sleep(100);
            observer.check();
            if (observer.bulkEvents() > seen) {
                seen = observer.bulkEvents();
                lastProgress = System.nanoTime();
            }
        }
        long events = observer.bulkEvents();
        double seconds = (observer.bulkLastMicros() - committed) / 1e6;
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("rows", rows);
        json.put("insertSeconds", Latency.round((committed - begin) / 1e6));
        json.put("events", events);
        json.put("missing", rows - events);
        if (events > 0) {
            json.put("firstEventAfterCommitMs", Latency.round((observer.bulkFirstMicros() - committed) / 1e3));
            json.put("lastEventAfterCommitSeconds", Math.round(seconds * 100) / 100.0);
            json.put("rowsPerSecond", Math.round(events / seconds));
        }
        out.printf("bulk: %,d of %,d events on the topic, the last %.2f s after the commit: %,d rows/s%n", events,
                rows, seconds, events > 0 ? Math.round(events / seconds) : 0);
        return json;
    }
}
