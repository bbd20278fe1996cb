package io.tributary.router.api;

import io.tributary.model.FieldError;
import io.tributary.model.Json;
import io.tributary.model.ReliableProducers;
import io.tributary.model.Subscription;
import io.tributary.model.TopicLayout;
import io.tributary.model.http.ApiRefusal;
import io.tributary.router.index.SubscriptionIndex;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes subscription changes to the compacted topic, the one truth, and returns once this instance's router
 * index shows the change, so that a caller can rely on the next event being matched (read-your-writes).
 * Thread-safe.
 */
final class SubscriptionPublisher implements AutoCloseable {

    /** The most bytes of key and value one subscription may take. */
    static final int MAX_RECORD_BYTES = TopicLayout.MAX_RECORD_BYTES;

    private final String topic;
    private final SubscriptionIndex index;
    private final Duration visibilityTimeout;
    private final KafkaProducer<String, byte[]> producer;

    SubscriptionPublisher(String bootstrapServers, String topic, SubscriptionIndex index, Duration visibilityTimeout) {
        this.topic = topic;
        this.index = index;
        this.visibilityTimeout = visibilityTimeout;
        this.producer = new KafkaProducer<>(ReliableProducers.properties(bootstrapServers, Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000)),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Writes a subscription and waits for the index to show it; returns it as written, which is what the router
     * reads (a string that is not valid Unicode, such as a lone surrogate, is written with a replacement).
     *
     * @throws ApiRefusal 413 when the subscription does not fit in one Kafka record; 503 when Kafka did not
     *     acknowledge it (send it again: a PUT is idempotent); 504 when it was written but the router's index did not
     *     show it in time (it applies once the router catches up)
     */
    Subscription put(Subscription subscription) {
        byte[] value = Json.write(subscription.toJson()).getBytes(StandardCharsets.UTF_8);
        int size = value.length + subscription.id().getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_RECORD_BYTES) {
            throw ApiRefusal.tooLarge("subscription too large", List.of(new FieldError("",
                    "is " + size + " bytes as a Kafka record; at most " + MAX_RECORD_BYTES + " fit in one")));
        }
        Subscription written;
        try {
            written = Subscription.fromJson(Json.mapper().readTree(value));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        send(subscription.id(), value);
        awaitIndex(subscription.id(), current -> Objects.equals(current, written));
        return written;
    }

    void delete(String id) {
        send(id, null);
        awaitIndex(id, Objects::isNull);
    }

    private void send(String id, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, id, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiRefusal.unavailable("interrupted while writing subscription " + id + "; send it again", e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw ApiRefusal.unavailable("Kafka did not acknowledge subscription " + id + " on " + topic + " ("
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "); send it again", cause);
        }
    }

    private void awaitIndex(String id, Predicate<Subscription> visible) {
        long deadline = System.nanoTime() + visibilityTimeout.toNanos();
        while (!visible.test(index.get(id))) {
            if (System.nanoTime() > deadline) {
                throw new ApiRefusal(504, "subscription " + id + " was written but the router did not show it"
                        + " within " + visibilityTimeout.toSeconds() + " s; it will apply once the router catches up");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
