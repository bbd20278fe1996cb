package io.tributary.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.ReliableProducers;
import io.tributary.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Emits events to {@code tributary.events} from a Java service: builds the envelope of the contract (a fresh id,
 * this service's {@code source}, the time), keys it by its record key ({@code tenant/source/recordId}, so the
 * events of one record stay in order), and produces it idempotently with {@code acks=all}. An event emitted while
 * handling another carries its correlation id, its id as causation id and its depth plus one, so the router's
 * loop guard stops a chain of handlers that feeds itself. Thread-safe; one per service.
 *
 * <pre>{@code
 * try (EventPublisher publisher = new EventPublisher("kafka:9092", "/services/billing")) {
 *     publisher.publish(publisher.event("invoice.paid", data).tenant("co_1").subject("inv_7").causedBy(handled));
 * }
 * }</pre>
 */
public final class EventPublisher implements AutoCloseable {

    private final String source;
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    /** Publishes to {@code tributary.events} as {@code source} (such as {@code /services/billing}). */
    public EventPublisher(String bootstrapServers, String source) {
        this(bootstrapServers, source, Topics.DEFAULT_PREFIX, Map.of());
    }

    /**
     * @param topicPrefix       the prefix of Tributary's topics
     * @param producerOverrides Kafka producer settings (security, for example), winning over the defaults
     */
    public EventPublisher(String bootstrapServers, String source, String topicPrefix,
            Map<String, Object> producerOverrides) {
        this.source = Objects.requireNonNull(source, "source");
        this.topic = new Topics(topicPrefix).events();
        Map<String, Object> config = ReliableProducers.properties(bootstrapServers);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        config.putAll(producerOverrides);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** A new event of this service: give it a type and data, then a tenant, subject or cause as needed. */
    public Builder event(String type, JsonNode data) {
        return new Builder(source, type, data);
    }

    /** Publishes and waits for Kafka's acknowledgement; returns the event as written. */
    public EventEnvelope publish(Builder event) {
        return publish(event.build());
    }

    /** Publishes and waits for Kafka's acknowledgement. */
    public EventEnvelope publish(EventEnvelope event) {
        try {
            return publishAsync(event).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish event " + event.id() + " to " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing event " + event.id(), e);
        }
    }

    /** Publishes; the future completes with the event once Kafka acknowledged it, or with the failure. */
    public CompletableFuture<EventEnvelope> publishAsync(EventEnvelope event) {
        CompletableFuture<EventEnvelope> result = new CompletableFuture<>();
        byte[] value = Json.write(event.toJson()).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, event.recordKey(), value), (metadata, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(event);
            }
        });
        return result;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    /** An event being built. Not thread-safe. */
    public static final class Builder {
        private final String source;
        private final String type;
        private final JsonNode data;
        private String id = UUID.randomUUID().toString();
        private String tenant;
        private String subject;
        private String correlationId;
        private String causationId;
        private int depth;
        private Instant time;

        Builder(String source, String type, JsonNode data) {
            this.source = source;
            this.type = Objects.requireNonNull(type, "type");
            this.data = data;
        }

        /** The event id; a random UUID unless given. Give a stable one to make retries of a publish dedupe. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        /** What the event is about (its record id on the key), such as {@code inv_7}. */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder time(Instant time) {
            this.time = time;
            return this;
        }

        /**
         * The event this one is emitted because of: carries its correlation id (its id when it has none), takes its
         * id as causation id and its depth plus one, and its tenant unless one is set.
         */
        public Builder causedBy(EventEnvelope cause) {
            this.correlationId = cause.correlationid() != null ? cause.correlationid() : cause.id();
            this.causationId = cause.id();
            this.depth = cause.depth() + 1;
            if (tenant == null) {
                tenant = cause.tenant();
            }
            return this;
        }

        /** The envelope; invalid attributes fail with their field paths. */
        public EventEnvelope build() {
            EventEnvelope event = new EventEnvelope(id, source, type, (time != null ? time : Instant.now()).toString(),
                    subject, "application/json", tenant, correlationId, causationId, depth, data, Map.of());
            return EventEnvelope.fromJson(event.toJson());
        }
    }
}
