package io.tributary.client;

import java.util.LinkedHashMap;
import java.util.Map;

/** The most recent ids in memory, oldest forgotten first. Thread-safe. */
final class InMemoryDedupeStore implements DedupeStore {

    private final Map<String, Boolean> ids;

    InMemoryDedupeStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized boolean seen(String deliveryId) {
        return ids.containsKey(deliveryId);
    }

    @Override
    public synchronized void record(String deliveryId) {
        ids.put(deliveryId, Boolean.TRUE);
    }
}
