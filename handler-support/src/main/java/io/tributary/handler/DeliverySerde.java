package io.tributary.handler;

import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.Delivery;
import io.tributary.model.serde.TributarySerdes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** The model's Delivery serde as classes Kafka clients can instantiate by name. */
public final class DeliverySerde {

    private static final Deserializer<Delivery> READER = TributarySerdes.delivery().deserializer();

    private DeliverySerde() {
    }

    /**
     * The delivery a record holds, for a listener that reads values as bytes; a tombstone or a value that is no
     * delivery is a {@link DeliveryFailure.Permanent}, dead-lettered at once rather than retried.
     */
    public static Delivery decode(ConsumerRecord<?, byte[]> record) {
        if (record.value() == null) {
            throw new DeliveryFailure.Permanent(0, "no value: a tombstone is not a delivery", null,
                    DeadLetterHeaders.ReasonCode.UNDECODABLE);
        }
        try {
            return READER.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            throw new DeliveryFailure.Permanent(0, "not a delivery: " + e.getMessage(), e,
                    DeadLetterHeaders.ReasonCode.UNDECODABLE);
        }
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
