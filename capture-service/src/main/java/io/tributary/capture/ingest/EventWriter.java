package io.tributary.capture.ingest;

import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.ReliableProducers;
import io.tributary.model.TopicLayout;
import io.tributary.model.Topics;
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
        this.topic = new Topics(topicPrefix).events();
        this.producer = new KafkaProducer<>(ReliableProducers.properties(bootstrapServers, Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000)),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Writes the records, each at most {@link #MAX_RECORD_BYTES}, and waits for Kafka's acknowledgement. */
    void writeAll(List<EventRecord> records) {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (EventRecord record : records) {
            sends.add(producer.send(new ProducerRecord<>(topic, record.key(), record.value())));
        }
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get(40, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing events", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the events: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
