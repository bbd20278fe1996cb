package io.tributary.router.topology;

import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.router.index.SubscriptionIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * the original bytes and provenance headers; nothing stops the stream.
 *
 * <p>Cooldowns are measured on record timestamps (the time the event was written to {@code tributary.events}),
 * so a replay of old events applies the cooldowns they had then, not the wall clock of the replay.
 */
final class RoutingProcessor implements Processor<String, byte[], String, Object> {

    /** spring-kafka's dead-letter header names, so every Tributary dead-letter topic reads alike. */
    static final String HEADER_PREFIX = "kafka_";

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
            deadLetter(record, e, "not JSON: " + e.getMessage());
            return;
        } catch (InvalidInputException e) {
            deadLetter(record, e, e.getMessage());
            return;
        }
        if (event.depth() > config.maxDepth()) {
            deadLetter(record, null, "event depth " + event.depth() + " exceeds the maximum of " + config.maxDepth()
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
        context.forward(new Record<String, Object>(delivery.recordKey(), delivery, record.timestamp(),
                new RecordHeaders()), RouterTopology.DELIVERIES_SINK);
        counters.routed.incrementAndGet();
    }

    private void deadLetter(Record<String, byte[]> record, Exception cause, String reason) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        RecordMetadata origin = context.recordMetadata().orElse(null);
        if (origin != null) {
            header(headers, "original-topic", origin.topic());
            header(headers, "original-partition", Integer.toString(origin.partition()));
            header(headers, "original-offset", Long.toString(origin.offset()));
        }
        header(headers, "original-timestamp", Long.toString(record.timestamp()));
        header(headers, "exception-fqcn", cause == null ? LoopGuard.class.getName() : cause.getClass().getName());
        header(headers, "exception-message", reason);
        headers.add("tributary-reason", reason.getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<String, Object>(record.key(), record.value(), record.timestamp(), headers),
                RouterTopology.DEAD_LETTER_SINK);
        counters.deadLettered.incrementAndGet();
    }

    private static void header(Headers headers, String name, String value) {
        headers.remove(HEADER_PREFIX + name);
        headers.add(HEADER_PREFIX + name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Names the refusal of an event that is too deep, in the exception header of its dead letter. */
    static final class LoopGuard {
        private LoopGuard() {
        }
    }
}
