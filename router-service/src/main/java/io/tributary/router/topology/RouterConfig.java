package io.tributary.router.topology;

import io.tributary.model.Topics;

/**
 * What the routing topology depends on.
 *
 * @param topics   the topic names
 * @param maxDepth the deepest causation chain routed (loop guard); deeper events are dead-lettered
 * @param handlerTopicCreator called with a handler topic's name before a delivery is first written to it, so it
 *                            exists with Tributary's settings rather than the broker's auto-create defaults
 */
public record RouterConfig(Topics topics, int maxDepth, java.util.function.Consumer<String> handlerTopicCreator) {

    public static final int DEFAULT_MAX_DEPTH = 8;

    /** A configuration that leaves handler topics to the broker's auto-creation (tests). */
    public RouterConfig(Topics topics, int maxDepth) {
        this(topics, maxDepth, topic -> { });
    }

    public RouterConfig {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be 0 or more, got " + maxDepth);
        }
    }

    public static RouterConfig defaults() {
        return new RouterConfig(Topics.DEFAULT, DEFAULT_MAX_DEPTH);
    }
}
