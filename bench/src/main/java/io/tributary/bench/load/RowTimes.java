package io.tributary.bench.load;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When each benchmark row passed each point of the pipeline, in microseconds since the epoch, indexed by row id
 * (ids start at 1 and are handed out in order). A zero means "not yet". Each point is written by one kind of
 * thread (writers, the topic observer, the receiver) and read afterwards; thread-safe.
 */
final class RowTimes {

    /** The points a row passes, in order. */
    enum Point {
        /** the writer's commit returned */
        COMMITTED,
        /** the capture's producer stamped the record on {@code tributary.events} (its Kafka timestamp) */
        EVENT_STAMPED,
        /** a read_committed consumer saw the event on {@code tributary.events} */
        EVENT_VISIBLE,
        /** a read_committed consumer saw the delivery on {@code tributary.handler.webhook} */
        DELIVERY_VISIBLE,
        /** the receiver got the signed webhook */
        RECEIVED
    }

    private final AtomicLongArray[] times = new AtomicLongArray[Point.values().length];
    private final int capacity;

    RowTimes(int capacity) {
        this.capacity = capacity;
        for (int i = 0; i < times.length; i++) {
            times[i] = new AtomicLongArray(capacity);
        }
    }

    int capacity() {
        return capacity;
    }

    boolean covers(long id) {
        return id > 0 && id < capacity;
    }

    /** Records the first time a row reached a point; returns false when it had already (a duplicate). */
    boolean mark(Point point, long id, long micros) {
        return covers(id) && times[point.ordinal()].compareAndSet((int) id, 0, micros);
    }

    long get(Point point, long id) {
        return covers(id) ? times[point.ordinal()].get((int) id) : 0;
    }

    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
