package io.tributary.router.topology;

import java.util.concurrent.atomic.AtomicLong;

/** What the router did, counted; exported as Micrometer metrics by the application. Thread-safe. */
public final class RouterCounters {

    final AtomicLong routed = new AtomicLong();
    final AtomicLong suppressedByCooldown = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong quarantined = new AtomicLong();
    final AtomicLong deliveriesDeadLettered = new AtomicLong();

    public long routed() {
        return routed.get();
    }

    public long suppressedByCooldown() {
        return suppressedByCooldown.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** Deliveries not written (too large for a record, refused by Kafka): their events are dead-lettered. */
    public long deliveriesDeadLettered() {
        return deliveriesDeadLettered.get();
    }

    public long quarantined() {
        return quarantined.get();
    }
}
