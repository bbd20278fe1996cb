package io.tributary.router.topology;

import io.tributary.router.index.SubscriptionIndex;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The router as a Kafka Streams topology, a pure function of its configuration:
 * <pre>
 * tributary.subscriptions ──(global store)──> SubscriptionIndex
 * tributary.events ──> route ──> tributary.handler.&lt;type&gt;   (one Delivery per matching subscription)
 *                         └────> tributary.events-dlt       (undecodable, invalid, deeper than maxDepth, or a
 *                                                           delivery that cannot be written: too large, refused)
 * </pre>
 * Subscriptions reach every instance through a global store, so any instance can route any event. Cooldowns
 * live in a persistent, changelogged store keyed {@code subscriptionId|eventKey}, so they survive restarts.
 */
public final class RouterTopology {

    public static final String SUBSCRIPTIONS_STORE = "subscriptions";
    public static final String COOLDOWN_STORE = "cooldowns";
    static final String DELIVERIES_SINK = "deliveries";
    static final String DEAD_LETTER_SINK = "events-dlt";

    private RouterTopology() {
    }

    public static Topology build(RouterConfig config, SubscriptionIndex index, RouterCounters counters) {
        Topology topology = new Topology();
        StoreBuilder<KeyValueStore<String, byte[]>> subscriptions = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SUBSCRIPTIONS_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();
        topology.addGlobalStore(subscriptions, "subscriptions-source", Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(), config.topics().subscriptions(), "subscriptions-index",
                () -> new SubscriptionIndexer(index, counters));

        topology.addSource("events-source", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                config.topics().events());
        topology.addProcessor("route", () -> new RoutingProcessor(config, index, counters), "events-source");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COOLDOWN_STORE),
                Serdes.String(), Serdes.Long()), "route");

        TopicNameExtractor<String, EncodedDelivery> handlerTopic = (key, delivery, context) -> {
            config.handlerTopicCreator().accept(delivery.topic());
            return delivery.topic();
        };
        topology.addSink(DELIVERIES_SINK, handlerTopic, Serdes.String().serializer(), EncodedDelivery.SERIALIZER,
                "route");
        topology.addSink(DEAD_LETTER_SINK, config.topics().eventsDeadLetter(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "route");
        return topology;
    }
}
