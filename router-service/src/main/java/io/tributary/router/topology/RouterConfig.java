package io.tributary.router.topology;

import io.tributary.model.TopicLayout;
import io.tributary.model.Topics;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the routing topology depends on.
 *
 * @param topics              the topic names
 * @param maxDepth            the deepest causation chain routed (loop guard); deeper events are dead-lettered
 * @param handlerTopicCreator called with a handler topic's name before a delivery is first written to it, so it
 *                            exists with Tributary's settings rather than the broker's auto-create defaults
 * @param maxRecordBytes      the most bytes of key and value a delivery may take; a larger one is dead-lettered
 *                            instead of being sent. Dead letters take at most this and
 *                            {@link TopicLayout#MAX_RECORD_BYTES} (the events dead-letter topic has Kafka's
 *                            default limit), headers included
 * @param failures            deliveries the producer refused, shared with {@link UnwritableDeliveryHandler}, so
 *                            that the event is dead-lettered for them when it is processed again
 * @param handlerTopicLimits  each handler topic's own record limit ({@code max.message.bytes}); a delivery is
 *                            measured against the smaller of it and {@code maxRecordBytes}
 */
public record RouterConfig(Topics topics, int maxDepth, Consumer<String> handlerTopicCreator, int maxRecordBytes,
        DeliveryFailures failures, HandlerTopicLimits handlerTopicLimits) {

    public static final int DEFAULT_MAX_DEPTH = 8;

    /** A configuration that leaves handler topics to the broker's auto-creation (tests). */
    public RouterConfig(Topics topics, int maxDepth) {
        this(topics, maxDepth, topic -> { });
    }

    /** A configuration with Kafka's record limit and a registry of refused deliveries of its own. */
    public RouterConfig(Topics topics, int maxDepth, Consumer<String> handlerTopicCreator) {
        this(topics, maxDepth, handlerTopicCreator, TopicLayout.MAX_RECORD_BYTES, new DeliveryFailures());
    }

    /** A configuration that knows no handler topic's own limit: the broker alone enforces it. */
    public RouterConfig(Topics topics, int maxDepth, Consumer<String> handlerTopicCreator, int maxRecordBytes,
            DeliveryFailures failures) {
        this(topics, maxDepth, handlerTopicCreator, maxRecordBytes, failures, HandlerTopicLimits.NONE);
    }

    public RouterConfig {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(handlerTopicCreator, "handlerTopicCreator");
        Objects.requireNonNull(failures, "failures");
        Objects.requireNonNull(handlerTopicLimits, "handlerTopicLimits");
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be 0 or more, got " + maxDepth);
        }
        if (maxRecordBytes < 1024) {
            throw new IllegalArgumentException("maxRecordBytes must be at least 1024, got " + maxRecordBytes);
        }
    }

    /** The most bytes of key, value and headers a dead letter may take. */
    public int maxDeadLetterBytes() {
        return Math.min(maxRecordBytes, TopicLayout.MAX_RECORD_BYTES);
    }

    public static RouterConfig defaults() {
        return new RouterConfig(Topics.DEFAULT, DEFAULT_MAX_DEPTH);
    }
}
