package io.tributary.webhook.http;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a working Apache HTTP client: builds it, notices when it fails, and builds another.
 * <p>
 * The client fails as a whole when one of its I/O threads dies (an {@link Error} such as running out of memory
 * escapes the I/O reactor, which then refuses every new connection with "I/O reactor has been shut down"), when its
 * reactor is no longer active, or when a request is refused because of either. Each is reported here once: the
 * client is marked failed (health DOWN, one log line saying why), and a new client is built after a pause (1 s,
 * doubling up to 30 s while failures follow each other within a minute), the failed one closed. Thread-safe.
 */
final class HttpClientSupervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpClientSupervisor.class);
    static final Duration FIRST_REBUILD_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_REBUILD_DELAY = Duration.ofSeconds(30);

    /** One built client and the threads it runs on; retired when replaced or closed. */
    static final class Generation {
        final int number;
        volatile CloseableHttpAsyncClient client;
        volatile boolean retired;

        Generation(int number) {
            this.number = number;
        }
    }

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String name = "webhook-http-" + INSTANCES.incrementAndGet();
    private final Function<ThreadFactory, CloseableHttpAsyncClient> factory;
    private final ScheduledExecutorService scheduler;
    private final AtomicReference<Generation> current = new AtomicReference<>();
    private final AtomicLong rebuilds = new AtomicLong();
    private volatile String problem;
    private volatile boolean closed;
    private Duration delay = FIRST_REBUILD_DELAY; // guarded by this
    private long lastFailure = System.nanoTime() - TimeUnit.HOURS.toNanos(1); // guarded by this

    /**
     * @param factory   builds and starts a client whose threads all come from the given factory
     * @param scheduler where the reactor is checked each second and rebuilds run
     */
    HttpClientSupervisor(Function<ThreadFactory, CloseableHttpAsyncClient> factory, ScheduledExecutorService scheduler) {
        this.factory = factory;
        this.scheduler = scheduler;
        current.set(build(1));
        scheduler.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    Generation current() {
        return current.get();
    }

    /** How the names of the current client's threads start: {@code webhook-http-<supervisor>.<generation>-}. */
    String threadNames() {
        return name + "." + current.get().number + "-";
    }

    /** Why the client cannot be used now, or {@code null} while it works. */
    String problem() {
        return problem;
    }

    long rebuilds() {
        return rebuilds.get();
    }

    /** Reports that a generation's client failed; the first report for the current one starts a rebuild. */
    void failed(Generation generation, String why) {
        if (closed || generation.retired || generation != current.get()) {
            return;
        }
        Duration wait;
        synchronized (this) {
            if (problem != null) {
                return;
            }
            problem = why;
            long now = System.nanoTime();
            delay = now - lastFailure < TimeUnit.MINUTES.toNanos(1) ? twice(delay) : FIRST_REBUILD_DELAY;
            lastFailure = now;
            wait = delay;
        }
        LOG.error("Webhook HTTP client {} failed: {}; health is DOWN, a new client is built in {} ms",
                generation.number, why, wait.toMillis());
        scheduler.schedule(this::rebuild, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        Generation generation = current.get();
        IOReactorStatus status = generation.client.getStatus();
        if (status == IOReactorStatus.SHUTTING_DOWN || status == IOReactorStatus.SHUT_DOWN) {
            failed(generation, "its I/O reactor is " + status);
        }
    }

    private void rebuild() {
        if (closed) {
            return;
        }
        Generation failed = current.get();
        Generation next;
        try {
            next = build(failed.number + 1);
        } catch (RuntimeException | Error e) {
            Duration wait;
            synchronized (this) {
                delay = twice(delay);
                wait = delay;
                problem = "a new client could not be built (" + e + "); trying again in " + wait.toMillis() + " ms";
            }
            LOG.error("Webhook HTTP client could not be rebuilt, trying again in {} ms", wait.toMillis(), e);
            scheduler.schedule(this::rebuild, wait.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        current.set(next);
        retire(failed);
        rebuilds.incrementAndGet();
        synchronized (this) {
            problem = null;
        }
        LOG.info("Webhook HTTP client {} replaces client {}; health is UP", next.number, failed.number);
    }

    private Generation build(int number) {
        Generation generation = new Generation(number);
        generation.client = factory.apply(threads(generation));
        return generation;
    }

    /** The client's threads: daemons named after the generation, each reporting its own end. */
    private ThreadFactory threads(Generation generation) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(() -> {
                try {
                    runnable.run();
                } catch (Throwable e) {
                    failed(generation, Thread.currentThread().getName() + " died of " + e);
                    throw e;
                } finally {
                    failed(generation, Thread.currentThread().getName() + " ended");
                }
            }, name + "." + generation.number + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void retire(Generation generation) {
        generation.retired = true;
        generation.client.close(CloseMode.IMMEDIATE);
    }

    private static Duration twice(Duration delay) {
        Duration doubled = delay.multipliedBy(2);
        return doubled.compareTo(MAX_REBUILD_DELAY) > 0 ? MAX_REBUILD_DELAY : doubled;
    }

    @Override
    public void close() {
        closed = true;
        Generation generation = current.get();
        generation.retired = true;
        generation.client.close(CloseMode.GRACEFUL);
    }
}
