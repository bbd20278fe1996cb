package io.tributary.webhook.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.ReliableProducers;
import io.tributary.webhook.http.AttemptResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every delivery attempt on {@code tributary.deliveries}, keyed by delivery id: attempt number, outcome,
 * HTTP status, latency, error and the start of the response body, with what a search of the attempts needs beside
 * them (tenant, subscription id and name, endpoint host, event type, table, record id and
 * the delivery's record key), and the request it sent as {@link io.tributary.webhook.body.WebhookRequest#shown}
 * shows it (secrets masked). Written asynchronously
 * with a {@link ReliableProducers reliable producer} ({@code acks=all}, idempotent), so a broker restart neither
 * loses nor doubles an attempt; a record that still cannot be written is logged, and never holds up a delivery.
 * Thread-safe.
 */
public final class AttemptLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptLog.class);

    private final String topic;
    private final KafkaProducer<String, String> producer;

    public AttemptLog(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(ReliableProducers.properties(bootstrapServers,
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 20)), new StringSerializer(), new StringSerializer());
    }

    public void record(Delivery delivery, int attempt, String outcome, AttemptResult result) {
        record(delivery, attempt, outcome, result, null);
    }

    /** Records an attempt and the request it sent ({@code null} when none was built), as {@link #entry} writes it. */
    public void record(Delivery delivery, int attempt, String outcome, AttemptResult result, ObjectNode request) {
        ObjectNode entry = entry(delivery, attempt, outcome, result, Instant.now());
        if (request != null) {
            entry.set("request", request);
        }
        producer.send(new ProducerRecord<>(topic, delivery.deliveryId(), Json.write(entry)), (metadata, e) -> {
            if (e != null) {
                LOG.warn("Could not record attempt {} of {}: {}", attempt, delivery.deliveryId(), e.getMessage());
            }
        });
    }

    /** The record of one attempt, as written on {@code tributary.deliveries}. */
    static ObjectNode entry(Delivery delivery, int attempt, String outcome, AttemptResult result, Instant at) {
        EventEnvelope event = delivery.event();
        return Json.mapper().createObjectNode()
                .put("deliveryId", delivery.deliveryId())
                .put("subscriptionId", delivery.subscription().id())
                .put("subscriptionName", delivery.subscription().name())
                .put("tenant", event.tenant())
                .put("eventId", event.id())
                .put("eventType", event.type())
                .put("table", event.table())
                .put("recordId", event.recordId())
                .put("recordKey", delivery.recordKey())
                .put("endpointHost", host(delivery))
                .put("attempt", attempt)
                .put("outcome", outcome)
                .put("httpStatus", result.status())
                .put("latencyMs", result.latency().toMillis())
                .put("error", result.error())
                .put("responseBody", result.responseBody())
                .put("at", at.toString());
    }

    /** The host of the delivery's endpoint; {@code null} when its config is not a valid webhook config. */
    private static String host(Delivery delivery) {
        try {
            return delivery.subscription().webhookConfig().url().getHost();
        } catch (IllegalArgumentException e) {
            // InvalidInputException: the attempt that dead-letters the delivery for its config is recorded too.
            return null;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
