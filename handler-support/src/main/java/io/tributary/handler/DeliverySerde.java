package io.tributary.handler;

import io.tributary.model.Delivery;
import io.tributary.model.serde.TributarySerdes;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** The model's Delivery serde as classes Kafka clients can instantiate by name. */
public final class DeliverySerde {

    private DeliverySerde() {
    }

    /** Reads deliveries; a bad record throws, and spring-kafka's ErrorHandlingDeserializer dead-letters it. */
    public static final class Reader implements Deserializer<Delivery> {
        private final Deserializer<Delivery> delegate = TributarySerdes.delivery().deserializer();

        @Override
        public Delivery deserialize(String topic, byte[] data) {
            return delegate.deserialize(topic, data);
        }
    }

    /** Writes deliveries (to retry topics). */
    public static final class Writer implements Serializer<Delivery> {
        private final Serializer<Delivery> delegate = TributarySerdes.delivery().serializer();

        @Override
        public byte[] serialize(String topic, Delivery data) {
            return delegate.serialize(topic, data);
        }
    }
}
