package io.tributary.capture.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event ids this instance accepted recently, to refuse a duplicate: bounded in count and time, oldest first
 * out. Per instance, so a retry that reaches another instance is caught only by consumers deduping on the id,
 * which every Tributary consumer does. Thread-safe.
 */
final class RecentIds {

    private final Duration window;
    private final int capacity;
    private final Clock clock;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    RecentIds(Duration window, int capacity, Clock clock) {
        this.window = window;
        this.capacity = capacity;
        this.clock = clock;
    }

    synchronized boolean contains(String key) {
        expire();
        return seen.containsKey(key);
    }

    synchronized void add(String key) {
        seen.put(key, clock.millis());
        while (seen.size() > capacity) {
            seen.remove(seen.keySet().iterator().next());
        }
    }

    private void expire() {
        long oldest = clock.millis() - window.toMillis();
        for (var it = seen.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> entry = it.next();
            if (entry.getValue() >= oldest) {
                return;
            }
            it.remove();
        }
    }
}
