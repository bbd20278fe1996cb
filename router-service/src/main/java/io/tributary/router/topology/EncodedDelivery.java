package io.tributary.router.topology;

import org.apache.kafka.common.serialization.Serializer;

/**
 * A delivery as the processor serialized it, with the handler topic it goes to: the processor measures the
 * bytes against the record limit before they are sent, so a delivery is written exactly as it was measured and
 * serialized once.
 *
 * @param topic the handler topic, {@code <prefix>.handler.<type>}
 * @param json  the delivery's JSON
 */
record EncodedDelivery(String topic, byte[] json) {

    /** Writes the bytes as they are. */
    static final Serializer<EncodedDelivery> SERIALIZER = (topic, delivery) -> delivery == null ? null : delivery.json();
}
