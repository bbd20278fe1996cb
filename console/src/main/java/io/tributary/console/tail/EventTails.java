package io.tributary.console.tail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.ledger.LedgerQuery;
import io.tributary.console.ledger.LedgerRows.EventRow;
import io.tributary.model.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live tails of the ledger's events: each open tail is a server-sent-events stream of the events the ledger
 * stores from now on that match its search, newest last.
 *
 * <p>Design: the ledger's writer hands every batch of events it stored to {@link #stored} after its transaction
 * commits (a record read twice is stored, and so tailed, once); each tail tests them with its search's conditions
 * ({@link TailFilter}: the same as the SQL search, the filter and where by the model's own matchers) and queues
 * those that match. One timer thread sends each tail's queue every {@value #TICK_MILLIS} ms, at most
 * {@value #MAX_PER_TICK} events a time (so at most {@value #MAX_PER_SECOND} a second), and a heartbeat comment
 * when it sent nothing for {@value #HEARTBEAT_SECONDS} s, so that proxies keep the stream open and a closed one is
 * found. A queue holds at most {@value #MAX_QUEUED} events: when a tail falls behind, the oldest are dropped and
 * the tail is told how many ({@code event: dropped}), so nothing is left out silently. At most {@value #MAX_TAILS}
 * tails are open at once (each costs a test of every stored event): scripts share {@value #MAX_API_TAILS} of them,
 * so that they cannot take the console's, and a console session opens at most {@value #MAX_SESSION_TAILS}; a stream
 * ends after {@value #TIMEOUT_MINUTES}
 * minutes (a browser's {@code EventSource} reconnects), when its client goes, or when the console session it was
 * opened in signs out. Polling the ledger's table was the alternative; it needs an index on insertion order and
 * must mind transactions that commit out of order, which a notification after commit avoids. Its limit: a tail
 * sees what its own console instance stores, so a console scaled to several instances tails the partitions of
 * the one it reaches. Thread-safe.
 */
public final class EventTails implements AutoCloseable {

    public static final int MAX_TAILS = 16;
    /** The most tails the API's callers ({@code GET /v1/events/tail}) hold together. */
    public static final int MAX_API_TAILS = 12;
    /** The most tails one console session holds. */
    public static final int MAX_SESSION_TAILS = 2;
    static final long TICK_MILLIS = 500;
    static final int MAX_PER_TICK = 100;
    static final int MAX_PER_SECOND = 200;
    static final int MAX_QUEUED = 1000;
    static final long HEARTBEAT_SECONDS = 15;
    static final long TIMEOUT_MINUTES = 30;

    private static final Logger LOG = LoggerFactory.getLogger(EventTails.class);

    /** Refused: {@link #MAX_TAILS} tails are open. */
    public static final class TooManyTails extends RuntimeException {
        TooManyTails(String message) {
            super(message);
        }
    }

    private final Set<Tail> tails = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final Clock clock;

    public EventTails(Clock clock) {
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ledger-event-tails");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a tail of the events matching {@code query} (its limit and cursor ignored); {@code owner} is the
     * console session that opened it, or {@code null} for an API caller.
     *
     * @throws TooManyTails when {@link #MAX_TAILS} are open, {@link #MAX_API_TAILS} of the API's, or
     *                      {@link #MAX_SESSION_TAILS} of {@code owner}'s
     */
    public SseEmitter open(LedgerQuery query, String owner) {
        SseEmitter emitter = new SseEmitter(Duration.ofMinutes(TIMEOUT_MINUTES).toMillis());
        Tail tail = new Tail(emitter, new TailFilter(query), owner, clock.instant());
        synchronized (tails) {
            if (tails.size() >= MAX_TAILS) {
                throw new TooManyTails("at most " + MAX_TAILS + " live tails are open at once; close one (or wait"
                        + " for one to end)");
            }
            long same = tails.stream().filter(t -> java.util.Objects.equals(t.owner, owner)).count();
            if (owner == null && same >= MAX_API_TAILS) {
                throw new TooManyTails("at most " + MAX_API_TAILS + " live tails are open through the API at once;"
                        + " close one (or wait for one to end)");
            }
            if (owner != null && same >= MAX_SESSION_TAILS) {
                throw new TooManyTails("at most " + MAX_SESSION_TAILS + " live tails are open in one console"
                        + " session; close one (another tab's) first");
            }
            tails.add(tail);
        }
        emitter.onCompletion(() -> tails.remove(tail));
        emitter.onTimeout(() -> close(tail));
        emitter.onError(e -> tails.remove(tail));
        try {
            emitter.send(SseEmitter.event().comment("tailing the ledger's events"));
        } catch (IOException gone) {
            close(tail);
        }
        return emitter;
    }

    /** Ends every tail opened by {@code owner} (a console session that signed out or expired). */
    public void closeOwnedBy(String owner) {
        for (Tail tail : tails) {
            if (owner.equals(tail.owner)) {
                close(tail);
            }
        }
    }

    /** The number of open tails. */
    public int count() {
        return tails.size();
    }

    /** Queues the stored events each tail's search matches; called after the ledger's commit. */
    public void stored(List<EventRow> events) {
        if (tails.isEmpty()) {
            return;
        }
        // Each event's subject and envelope are parsed once for all tails, and one tail's failure (an event its
        // where cannot read) neither ends the others' batch nor holds up the ledger.
        List<TailFilter.Stored> stored = events.stream().map(TailFilter.Stored::new).toList();
        for (Tail tail : tails) {
            for (TailFilter.Stored event : stored) {
                try {
                    if (tail.filter.test(event)) {
                        tail.offer(event.row);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("A live tail could not test event {}; it is left out of that tail", event.row.eventId(),
                            e);
                }
            }
        }
    }

    private void tick() {
        Instant now = clock.instant();
        for (Tail tail : tails) {
            try {
                tail.flush(now);
            } catch (IOException | IllegalStateException gone) {
                close(tail);
            } catch (RuntimeException e) {
                LOG.warn("A live tail of the ledger's events failed and is closed", e);
                close(tail);
            }
        }
    }

    private void close(Tail tail) {
        tails.remove(tail);
        try {
            tail.emitter.complete();
        } catch (RuntimeException alreadyDone) {
            // The stream ended already.
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        tails.forEach(this::close);
    }

    /** The item a tail sends for an event: the shape of an item of {@code GET /v1/events}. */
    static ObjectNode item(EventRow row) {
        ObjectNode item = Json.mapper().createObjectNode();
        item.put("time", row.at().toString());
        item.put("id", row.eventId());
        item.put("tenant", row.tenant());
        item.put("type", row.type());
        item.put("source", row.source());
        item.put("table", row.table());
        item.put("recordId", row.recordId());
        item.put("operation", row.operation());
        item.set("data", row.data() == null ? null : Json.parse(row.data()));
        return item;
    }

    private static final class Tail {

        final SseEmitter emitter;
        final TailFilter filter;
        final String owner;
        private final ArrayDeque<EventRow> queue = new ArrayDeque<>();
        private long dropped;
        private Instant lastSent;

        Tail(SseEmitter emitter, TailFilter filter, String owner, Instant opened) {
            this.emitter = emitter;
            this.filter = filter;
            this.owner = owner;
            this.lastSent = opened;
        }

        synchronized void offer(EventRow event) {
            if (queue.size() >= MAX_QUEUED) {
                queue.removeFirst();
                dropped++;
            }
            queue.addLast(event);
        }

        void flush(Instant now) throws IOException {
            List<EventRow> batch;
            long skipped;
            synchronized (this) {
                batch = new java.util.ArrayList<>();
                while (batch.size() < MAX_PER_TICK && !queue.isEmpty()) {
                    batch.add(queue.removeFirst());
                }
                skipped = dropped;
                dropped = 0;
            }
            if (skipped > 0) {
                emitter.send(SseEmitter.event().name("dropped").data("{\"dropped\":" + skipped + "}"));
            }
            for (EventRow event : batch) {
                emitter.send(SseEmitter.event().id(event.eventId()).data(Json.write(item(event))));
            }
            if (skipped > 0 || !batch.isEmpty()) {
                lastSent = now;
            } else if (!now.isBefore(lastSent.plusSeconds(HEARTBEAT_SECONDS))) {
                emitter.send(SseEmitter.event().comment("heartbeat"));
                lastSent = now;
            }
        }
    }
}
