package io.tributary.router.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Deliveries the producer refused for good (for example {@code RecordTooLargeException} from a handler topic
 * whose {@code max.message.bytes} is smaller than Kafka's default), by delivery id.
 *
 * <p>Under exactly-once a refused send leaves the producer's transaction in an abortable state: the records
 * written with it are discarded and the events since the last commit are processed again. The
 * {@link UnwritableDeliveryHandler} notes the refusal here before the transaction is aborted; when the event comes
 * back, the {@link RoutingProcessor} finds the note and dead-letters that one delivery with the producer's reason
 * instead of sending it again, so the stream moves on after one retry rather than failing the same record forever.
 *
 * <p>Shared by every stream thread of the process; thread-safe. Bounded: the oldest notes go first once
 * {@link #CAPACITY} are held (a note whose event moved to another instance is never taken here; that instance
 * notes the refusal itself).
 */
public final class DeliveryFailures {

    /** The most refusals remembered. */
    static final int CAPACITY = 10_000;

    /** Why the producer refused a delivery: the exception's class and message, and the topic it was meant for. */
    public record Failure(String topic, String exceptionClass, String message) {

        public Failure {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(exceptionClass, "exceptionClass");
            message = message == null ? "" : message;
        }
    }

    private final Map<String, Failure> failures = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failure> eldest) {
            return size() > CAPACITY;
        }
    };
    private volatile int size;
    /** The deliveries refused as too large that were measured again once, so that a second refusal is final. */
    private final Map<String, Boolean> remeasured = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * Whether a delivery refused as too large is measured again against its topic's limit read afresh (true the
     * first time for the delivery) rather than dead-lettered with the producer's reason. The broker refuses a whole
     * record batch: a small delivery batched with a too-large one is refused with it, and fits once measured again.
     */
    public synchronized boolean remeasureOnce(String deliveryId) {
        return remeasured.put(Objects.requireNonNull(deliveryId, "deliveryId"), Boolean.TRUE) == null;
    }

    /** Notes that the delivery with this id was refused. */
    public synchronized void record(String deliveryId, Failure failure) {
        failures.put(Objects.requireNonNull(deliveryId, "deliveryId"), Objects.requireNonNull(failure, "failure"));
        size = failures.size();
    }

    /** The refusal noted for this delivery, removed, or {@code null}. Without a lock while nothing is noted. */
    public Failure take(String deliveryId) {
        if (size == 0) {
            return null;
        }
        synchronized (this) {
            Failure failure = failures.remove(deliveryId);
            size = failures.size();
            return failure;
        }
    }

    /** How many refusals are noted and not yet taken. */
    public int size() {
        return size;
    }
}
