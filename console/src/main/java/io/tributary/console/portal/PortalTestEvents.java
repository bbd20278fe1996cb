package io.tributary.console.portal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.ReliableProducers;
import io.tributary.model.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends a tenant's test event for one of its endpoints: a CloudEvent of the tenant, of the endpoint's event type
 * ({@code prefix.test} for a {@code prefix.*} subscription), from source {@code /tributary/portal}, written to the
 * events topic with the key the ingestion API gives it and acknowledged by every replica before the call returns.
 * The router routes it as any other event, so every endpoint of the tenant whose type and filter match it receives
 * it. A tenant sends at most {@code perMinute} test events a minute (Resilience4j's rate limiter, one per tenant):
 * they do not pass the ingestion API, whose rate limit would otherwise apply. Thread-safe.
 */
final class PortalTestEvents implements AutoCloseable {

    static final String SOURCE = "/tributary/portal";

    /** A test event refused because its tenant sent its allowance of the last minute. */
    static final class TooMany extends Exception {
        TooMany(String message) {
            super(message);
        }
    }

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final RateLimiterRegistry limits;
    private final int perMinute;

    PortalTestEvents(String bootstrapServers, String topic, int perMinute) {
        this.topic = topic;
        this.perMinute = perMinute;
        this.limits = RateLimiterRegistry.of(RateLimiterConfig.custom().limitForPeriod(perMinute)
                .limitRefreshPeriod(Duration.ofMinutes(1)).timeoutDuration(Duration.ZERO).build());
        this.producer = new KafkaProducer<>(ReliableProducers.properties(bootstrapServers),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** The type a test event for this subscription has; {@code null} for a row-change subscription. */
    static String type(Subscription subscription) {
        String type = subscription.eventType();
        if (type == null) {
            return null;
        }
        if (type.equals("*")) {
            return "tributary.test";
        }
        return type.endsWith(".*") ? type.substring(0, type.length() - 1) + "test" : type;
    }

    /**
     * Sends the test event and returns it once Kafka acknowledged it.
     *
     * @throws TooMany when the subscription's tenant sent {@code perMinute} test events within the last minute
     */
    EventEnvelope send(Subscription subscription, Instant now) throws Exception {
        String type = type(subscription);
        if (type == null) {
            throw new IllegalArgumentException("a test event is for an endpoint of an event type; this one receives"
                    + " row changes of " + subscription.table());
        }
        if (!limits.rateLimiter(subscription.tenant()).acquirePermission()) {
            throw new TooMany("a tenant sends at most " + perMinute + " test event(s) a minute from the portal;"
                    + " try again within a minute.");
        }
        String id = "evt_test_" + UUID.randomUUID().toString().replace("-", "");
        ObjectNode data = Json.mapper().createObjectNode();
        data.put("test", true).put("subscription", subscription.id()).put("message",
                "A test event sent from the Tributary portal.");
        if (subscription.filter() != null && subscription.filter().isObject()) {
            // The filter's own values, so that the endpoint's filter matches its test event.
            subscription.filter().fields().forEachRemaining(f -> data.set(f.getKey(), f.getValue()));
        }
        EventEnvelope event = new EventEnvelope(id, SOURCE, type, now.toString(), id, "application/json",
                subscription.tenant(), null, null, 0, data, Map.of());
        producer.send(new ProducerRecord<>(topic, event.recordKey(),
                Json.write(event.toJson()).getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        return event;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
