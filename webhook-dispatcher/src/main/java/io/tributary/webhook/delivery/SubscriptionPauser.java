package io.tributary.webhook.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.CompactedTopic;
import io.tributary.model.Json;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses a subscription whose endpoint answered 410 Gone: reads its current record from the compacted
 * subscriptions topic, to the topic's end, and writes it back with {@code active: false}, as the admin API's pause
 * does, so the router stops matching it and nothing more is sent to an endpoint that is gone for good. The record
 * is changed as a JSON tree, so every field is written back as it was read, those this version does not know
 * included; when the topic cannot be read to its end, nothing is written. Resume it with
 * {@code tributary subscriptions resume}. Thread-safe; rare enough to read the topic each time.
 */
public class SubscriptionPauser implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionPauser.class);

    private final CompactedTopic subscriptions;

    public SubscriptionPauser(String bootstrapServers, String topic) {
        this.subscriptions = new CompactedTopic(bootstrapServers, topic);
    }

    /** Pauses the subscription; returns whether it was found and written paused. Never throws. */
    public boolean pause(String subscriptionId, String reason) {
        try {
            Optional<String> current = subscriptions.get(subscriptionId);
            if (current.isEmpty()) {
                LOG.warn("Subscription {} answered {} but is not on {}: nothing to pause", subscriptionId, reason,
                        subscriptions.name());
                return false;
            }
            Optional<String> paused = paused(current.get());
            if (paused.isEmpty()) {
                return true;
            }
            subscriptions.put(subscriptionId, paused.get());
            LOG.warn("Paused subscription {}: its endpoint answered {}", subscriptionId, reason);
            return true;
        } catch (RuntimeException e) {
            LOG.error("Could not pause subscription {} after {}: {}", subscriptionId, reason, e.getMessage());
            return false;
        }
    }

    /**
     * The subscription record written as it was, but for {@code active: false}; empty when it is paused already.
     *
     * @throws IllegalArgumentException when the record is not a JSON object
     */
    static Optional<String> paused(String record) {
        JsonNode tree = Json.parse(record);
        if (!(tree instanceof ObjectNode subscription)) {
            throw new IllegalArgumentException("the subscription record is not a JSON object");
        }
        if (!subscription.path("active").asBoolean(true)) {
            return Optional.empty();
        }
        return Optional.of(Json.write(subscription.put("active", false)));
    }

    @Override
    public void close() {
        subscriptions.close();
    }
}
