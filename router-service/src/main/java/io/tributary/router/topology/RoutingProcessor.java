package io.tributary.router.topology;

import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.DeadLetterHeaders.ReasonCode;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.model.serde.TributarySerdes;
import io.tributary.router.index.SubscriptionIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Routes one event: decodes it, applies the loop guard, and forwards one {@link Delivery} per matching
 * subscription, unless a cooldown suppresses it. What it cannot route goes to the events dead-letter topic with
 * the original bytes and the provenance and reason headers of {@link DeadLetterHeaders}; nothing stops the stream.
 *
 * <p>Cooldowns are measured on record timestamps (the time the event was written to {@code tributary.events}),
 * so a replay of old events applies the cooldowns they had then, not the wall clock of the replay.
 */
final class RoutingProcessor implements Processor<String, byte[], String, Object> {

    private static final org.apache.kafka.common.serialization.Serializer<Delivery> DELIVERY =
            TributarySerdes.delivery().serializer();

    private final RouterConfig config;
    private final SubscriptionIndex index;
    private final RouterCounters counters;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Long> cooldowns;

    RoutingProcessor(RouterConfig config, SubscriptionIndex index, RouterCounters counters) {
        this.config = config;
        this.index = index;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.cooldowns = context.getStateStore(RouterTopology.COOLDOWN_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        EventEnvelope event;
        try {
            if (record.value() == null) {
                throw new InvalidInputException("invalid event", new io.tributary.model.FieldError("",
                        "the record has no value"));
            }
            event = EventEnvelope.fromJson(Json.mapper().readTree(record.value()));
        } catch (IOException e) {
            deadLetter(record, ReasonCode.UNDECODABLE, e, "not JSON: " + e.getMessage());
            return;
        } catch (InvalidInputException e) {
            deadLetter(record, record.value() == null ? ReasonCode.UNDECODABLE : ReasonCode.INVALID_EVENT, e,
                    e.getMessage());
            return;
        }
        if (event.depth() > config.maxDepth()) {
            deadLetter(record, ReasonCode.TOO_DEEP, null, "event depth " + event.depth() + " exceeds the maximum of " + config.maxDepth()
                    + " (loop guard: a chain of handlers keeps producing events)");
            return;
        }
        index.forEachMatch(event, subscription -> deliver(record, event, subscription));
    }

    private void deliver(Record<String, byte[]> record, EventEnvelope event, Subscription subscription) {
        if (subscription.cooldown() != null) {
            String key = subscription.id() + "|" + event.recordKey();
            Long last = cooldowns.get(key);
            if (last != null && record.timestamp() - last < subscription.cooldown().toMillis()
                    && record.timestamp() >= last) {
                counters.suppressedByCooldown.incrementAndGet();
                return;
            }
            cooldowns.put(key, record.timestamp());
        }
        Delivery delivery = Delivery.of(event, subscription);
        DeliveryFailures.Failure refused = config.failures().take(delivery.deliveryId());
        if (refused != null) {
            if (refused.exceptionClass().equals(RecordTooLargeException.class.getName())
                    && config.failures().remeasureOnce(delivery.deliveryId())) {
                // The broker refuses a whole batch: measured against the limit read afresh, a too-large delivery is
                // dead-lettered below with its size, and one that was only batched with it is sent again.
                config.handlerTopicLimits().forget(refused.topic());
            } else {
                deadLetterDelivery(record, delivery, refused.exceptionClass(), "delivery " + delivery.deliveryId()
                        + " was refused by Kafka for " + refused.topic() + ": " + refused.message());
                return;
            }
        }
        String topic = config.topics().handler(subscription.type());
        byte[] value;
        try {
            value = DELIVERY.serialize(topic, delivery);
        } catch (RuntimeException e) {
            deadLetterDelivery(record, delivery, ReasonCode.UNSERIALIZABLE, e.getClass().getName(), "delivery "
                    + delivery.deliveryId() + " cannot be serialized: " + e.getMessage());
            return;
        }
        String key = delivery.recordKey();
        long size = (long) utf8Length(key) + value.length;
        if (size > config.maxRecordBytes()) {
            deadLetterDelivery(record, delivery, RecordTooLargeException.class.getName(), "delivery "
                    + delivery.deliveryId() + " is " + size + " bytes as a Kafka record (key and value); at most "
                    + config.maxRecordBytes() + " fit in one");
            return;
        }
        String refusal = topicRefusal(topic, size);
        if (refusal != null) {
            deadLetterDelivery(record, delivery, RecordTooLargeException.class.getName(), "delivery "
                    + delivery.deliveryId() + " is " + size + " bytes as a Kafka record (key and value); " + refusal);
            return;
        }
        context.forward(new Record<String, Object>(key, new EncodedDelivery(topic, value), record.timestamp(),
                new RecordHeaders()), RouterTopology.DELIVERIES_SINK);
        counters.routed.incrementAndGet();
    }

    /**
     * Why the handler topic itself would refuse a record of {@code size} bytes of key and value (its
     * {@code max.message.bytes} is smaller than the router's limit), or {@code null} when it takes it or its limit is
     * not known. The topic is created first if it is new, so that its limit is the one it will have.
     */
    private String topicRefusal(String topic, long size) {
        config.handlerTopicCreator().accept(topic);
        int maxMessageBytes = config.handlerTopicLimits().maxMessageBytes(topic);
        int fits = HandlerTopicLimits.maxRecordBytes(maxMessageBytes);
        if (size <= fits) {
            return null;
        }
        return "at most " + fits + " fit in one on " + topic + " (its max.message.bytes is " + maxMessageBytes
                + ", less " + HandlerTopicLimits.RECORD_OVERHEAD_BYTES + " for Kafka's framing)";
    }

    /**
     * Dead-letters the event for one delivery that Kafka would not take or refused: too large when the exception is
     * {@link RecordTooLargeException}, refused otherwise.
     */
    private void deadLetterDelivery(Record<String, byte[]> record, Delivery delivery, String exceptionClass,
            String reason) {
        deadLetterDelivery(record, delivery, RecordTooLargeException.class.getName().equals(exceptionClass)
                ? ReasonCode.TOO_LARGE : ReasonCode.KAFKA_REFUSED, exceptionClass, reason);
    }

    /** Dead-letters the event for one delivery that cannot be written, naming the delivery and subscription. */
    private void deadLetterDelivery(Record<String, byte[]> record, Delivery delivery, ReasonCode code,
            String exceptionClass, String reason) {
        Headers extra = new RecordHeaders();
        DeadLetterHeaders.writeText(extra, DeadLetterHeaders.DELIVERY_ID, delivery.deliveryId());
        DeadLetterHeaders.writeText(extra, DeadLetterHeaders.SUBSCRIPTION_ID, delivery.subscription().id());
        deadLetter(record, code, exceptionClass, reason, extra);
        counters.deliveriesDeadLettered.incrementAndGet();
    }

    private void deadLetter(Record<String, byte[]> record, ReasonCode code, Exception cause, String reason) {
        deadLetter(record, code, cause == null ? LoopGuard.class.getName() : cause.getClass().getName(), reason,
                new RecordHeaders());
    }

    /**
     * Writes the event as consumed to the events dead-letter topic with provenance headers. A dead letter that
     * would not fit in a record itself (an event near the limit plus the headers) goes without its value and
     * says so in {@code tributary-value-omitted}: the original stays at its offset on the events topic.
     */
    private void deadLetter(Record<String, byte[]> record, ReasonCode code, String exceptionClass, String reason,
            Headers extra) {
        Headers ours = new RecordHeaders();
        RecordMetadata origin = context.recordMetadata().orElse(null);
        if (origin != null) {
            DeadLetterHeaders.writeOrigin(ours, origin.topic(), origin.partition(), origin.offset(),
                    record.timestamp());
        } else {
            DeadLetterHeaders.writeTimestamp(ours, record.timestamp());
        }
        DeadLetterHeaders.writeException(ours, exceptionClass, reason);
        DeadLetterHeaders.writeReason(ours, code, reason);
        extra.forEach(ours::add);

        Headers headers = new RecordHeaders(record.headers().toArray());
        ours.forEach(header -> headers.remove(header.key()));
        ours.forEach(headers::add);
        byte[] value = record.value();
        Headers written = headers;
        int keyBytes = record.key() == null ? 0 : utf8Length(record.key());
        if (value != null && (long) keyBytes + value.length + size(headers) > config.maxDeadLetterBytes()) {
            byte[] omitted = Integer.toString(value.length).getBytes(StandardCharsets.UTF_8);
            value = null;
            headers.add(DeadLetterHeaders.VALUE_OMITTED, omitted);
            if (keyBytes + size(headers) > config.maxDeadLetterBytes()) {
                // The event's own headers are too large as well: only the router's go with the dead letter.
                ours.add(DeadLetterHeaders.VALUE_OMITTED, omitted);
                written = ours;
            }
        }
        context.forward(new Record<String, Object>(record.key(), value, record.timestamp(), written),
                RouterTopology.DEAD_LETTER_SINK);
        counters.deadLettered.incrementAndGet();
    }

    private static long size(Headers headers) {
        long size = 0;
        for (Header header : headers) {
            size += utf8Length(header.key()) + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    private static int utf8Length(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** Names the refusal of an event that is too deep, in the exception header of its dead letter. */
    static final class LoopGuard {
        private LoopGuard() {
        }
    }
}
