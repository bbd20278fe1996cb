package io.tributary.webhook.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Delivery;
import io.tributary.model.Json;
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
 * HTTP status, latency, error and the start of the response body. Written asynchronously; a record that cannot
 * be written is logged, and never holds up a delivery. Thread-safe.
 */
public final class AttemptLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptLog.class);

    private final String topic;
    private final KafkaProducer<String, String> producer;

    public AttemptLog(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 20), new StringSerializer(), new StringSerializer());
    }

    public void record(Delivery delivery, int attempt, String outcome, AttemptResult result) {
        ObjectNode entry = Json.mapper().createObjectNode()
                .put("deliveryId", delivery.deliveryId())
                .put("subscriptionId", delivery.subscription().id())
                .put("eventId", delivery.event().id())
                .put("attempt", attempt)
                .put("outcome", outcome)
                .put("httpStatus", result.status())
                .put("latencyMs", result.latency().toMillis())
                .put("error", result.error())
                .put("responseBody", result.responseBody())
                .put("at", Instant.now().toString());
        producer.send(new ProducerRecord<>(topic, delivery.deliveryId(), Json.write(entry)), (metadata, e) -> {
            if (e != null) {
                LOG.warn("Could not record attempt {} of {}: {}", attempt, delivery.deliveryId(), e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
