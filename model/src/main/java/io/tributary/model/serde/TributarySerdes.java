package io.tributary.model.serde;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Subscription;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;

/**
 * Kafka serdes of the contracts in docs/design.md, all JSON through the shared Jackson 2 mapper. Each one validates on
 * read and throws {@link org.apache.kafka.common.errors.SerializationException} with the field path and reason.
 */
public final class TributarySerdes {

    private TributarySerdes() {
    }

    /** CloudEvents envelopes on {@code tributary.events}. */
    public static Serde<EventEnvelope> envelope() {
        return new ContractSerde<>("event", EventEnvelope::toJson, EventEnvelope::fromJson);
    }

    /** Subscriptions on {@code tributary.subscriptions}; {@code null} is a tombstone. */
    public static Serde<Subscription> subscription() {
        return new ContractSerde<>("subscription", Subscription::toJson, Subscription::fromJson);
    }

    /** Deliveries on {@code tributary.handler.<type>}. */
    public static Serde<Delivery> delivery() {
        return new ContractSerde<>("delivery", Delivery::toJson, Delivery::fromJson);
    }

    /** Any JSON document, unvalidated. */
    public static Serde<JsonNode> json() {
        return new ContractSerde<>("document", Function.identity(), Function.identity());
    }
}
