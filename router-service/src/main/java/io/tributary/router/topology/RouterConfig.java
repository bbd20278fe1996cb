package io.tributary.router.topology;

import io.tributary.model.Topics;

/**
 * What the routing topology depends on.
 *
 * @param topics   the topic names
 * @param maxDepth the deepest causation chain routed (loop guard); deeper events are dead-lettered
 */
public record RouterConfig(Topics topics, int maxDepth) {

    public static final int DEFAULT_MAX_DEPTH = 8;

    public RouterConfig {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be 0 or more, got " + maxDepth);
        }
    }

    public static RouterConfig defaults() {
        return new RouterConfig(Topics.DEFAULT, DEFAULT_MAX_DEPTH);
    }
}
