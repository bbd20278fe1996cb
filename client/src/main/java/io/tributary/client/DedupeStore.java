package io.tributary.client;

/**
 * Remembers the deliveries a consumer handled, by {@code deliveryId}, so a redelivery (a replay, or records
 * re-read after a crash) is skipped. Implementations must be thread-safe.
 */
public interface DedupeStore {

    /** Whether this delivery was handled already. */
    boolean seen(String deliveryId);

    /** Records that this delivery was handled. */
    void record(String deliveryId);

    /** In memory, the most recent {@code capacity} ids: survives nothing, so a restart may handle a batch again. */
    static DedupeStore inMemory(int capacity) {
        return new InMemoryDedupeStore(capacity);
    }
}
