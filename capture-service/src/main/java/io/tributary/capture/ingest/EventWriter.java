package io.tributary.capture.ingest;

import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.ReliableProducers;
import io.tributary.model.TopicLayout;
import io.tributary.model.Topics;
import io.tributary.model.http.ApiRefusal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes ingested events to {@code tributary.events} with {@code acks=all} and idempotence, keyed by
 * {@link EventEnvelope#recordKey()}, and returns only once Kafka acknowledged all of them. Thread-safe.
 */
public final class EventWriter implements AutoCloseable {

    /** The most bytes of key and value one event may take. */
    static final int MAX_RECORD_BYTES = TopicLayout.MAX_RECORD_BYTES;

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final Duration acknowledgeTimeout;

    /** An event serialized as the record written for it. */
    record EventRecord(String key, byte[] value) {

        static EventRecord of(EventEnvelope event) {
            return new EventRecord(event.recordKey(), Json.write(event.toJson()).getBytes(StandardCharsets.UTF_8));
        }

        int size() {
            return key.getBytes(StandardCharsets.UTF_8).length + value.length;
        }
    }

    public EventWriter(String bootstrapServers, String topicPrefix) {
        this(bootstrapServers, topicPrefix, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    /**
     * @param deliveryTimeout how long Kafka may take to acknowledge a record, retries included
     * @param maxBlock how long a send may wait for the topic's metadata (a broker that does not answer)
     */
    EventWriter(String bootstrapServers, String topicPrefix, Duration deliveryTimeout, Duration maxBlock) {
        this.topic = new Topics(topicPrefix).events();
        this.acknowledgeTimeout = deliveryTimeout.plusSeconds(10);
        this.producer = new KafkaProducer<>(ReliableProducers.properties(bootstrapServers, Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(10_000, deliveryTimeout.toMillis() / 2),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis())),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Writes the records, each at most {@link #MAX_RECORD_BYTES}, and waits for Kafka's acknowledgement.
     *
     * @throws ApiRefusal 503 when Kafka did not acknowledge every record in time; the client sends the request
     *     again, and an event written before the failure is then written twice with the same id, so its deliveries
     *     keep their ids ({@code webhook-id}) and a receiver that dedupes on them sees it once
     */
    void writeAll(List<EventRecord> records) {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try {
            for (EventRecord record : records) {
                sends.add(producer.send(new ProducerRecord<>(topic, record.key(), record.value())));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get(acknowledgeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiRefusal.unavailable("interrupted while writing the events; send them again", e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw ApiRefusal.unavailable("Kafka did not acknowledge the events (" + cause.getClass().getSimpleName()
                    + ": " + cause.getMessage() + "); nothing of this request was accepted: send it again", cause);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
