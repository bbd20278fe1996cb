package io.tributary.console.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link LedgerRetention#sweep} every {@code tributary.console.retention.sweep-interval}, the first time a
 * minute after start. A sweep that fails (the database is away) is logged and tried again at the next interval; the
 * counters {@code tributary_console_retention_rows_deleted_total} and {@code ..._payloads_cleared_total} say what
 * the sweeps did. Thread-safe.
 */
public final class RetentionSweeper implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);

    private final LedgerRetention retention;
    private final RetentionProperties properties;
    private final Clock clock;
    private final Counter rowsDeleted;
    private final Counter payloadsCleared;
    private ScheduledExecutorService executor;

    public RetentionSweeper(LedgerRetention retention, RetentionProperties properties, Clock clock,
            MeterRegistry meters) {
        this.retention = retention;
        this.properties = properties;
        this.clock = clock;
        this.rowsDeleted = Counter.builder("tributary.console.retention.rows.deleted")
                .description("Ledger rows deleted because they were older than the history kept").register(meters);
        this.payloadsCleared = Counter.builder("tributary.console.retention.payloads.cleared")
                .description("Ledger payloads cleared because they were older than their tenant's payload retention")
                .register(meters);
    }

    /** One sweep now. */
    void sweepOnce() {
        try {
            LedgerRetention.Swept swept = retention.sweep(clock.instant());
            rowsDeleted.increment(swept.rowsDeleted());
            payloadsCleared.increment(swept.payloadsCleared());
            if (swept.rowsDeleted() + swept.payloadsCleared() > 0) {
                LOG.info("Ledger retention: deleted {} rows older than {}, cleared {} payloads", swept.rowsDeleted(),
                        properties.history(), swept.payloadsCleared());
            }
        } catch (RuntimeException e) {
            LOG.warn("Ledger retention could not run ({}); trying again in {}", e.toString(),
                    properties.sweepInterval());
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ledger-retention");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.sweepInterval().toMillis();
        executor.scheduleWithFixedDelay(this::sweepOnce, Math.min(60_000, interval), interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
