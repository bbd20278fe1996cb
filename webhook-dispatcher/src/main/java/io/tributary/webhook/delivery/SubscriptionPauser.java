package io.tributary.webhook.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses a subscription whose endpoint answered 410 Gone: reads its current record from the compacted
 * subscriptions topic and writes it back with {@code active: false}, as the admin API's pause does, so the router
 * stops matching it and nothing more is sent to an endpoint that is gone for good. Resume it with
 * {@code tributary subscriptions resume}. Thread-safe; rare enough to read the topic each time.
 */
public class SubscriptionPauser implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionPauser.class);

    private final String bootstrapServers;
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    public SubscriptionPauser(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Pauses the subscription; returns whether it was found and written paused. Never throws. */
    public boolean pause(String subscriptionId, String reason) {
        try {
            Optional<ObjectNode> current = read(subscriptionId);
            if (current.isEmpty()) {
                LOG.warn("Subscription {} answered {} but is not on {}: nothing to pause", subscriptionId, reason, topic);
                return false;
            }
            if (!current.get().path("active").asBoolean(true)) {
                return true;
            }
            ObjectNode paused = current.get().put("active", false);
            producer.send(new ProducerRecord<>(topic, subscriptionId, Json.write(paused)
                    .getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            LOG.warn("Paused subscription {}: its endpoint answered {}", subscriptionId, reason);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.error("Could not pause subscription {} after {}: {}", subscriptionId, reason, e.getMessage());
            return false;
        }
    }

    private Optional<ObjectNode> read(String subscriptionId) {
        JsonNode latest = null;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(15))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(15));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (subscriptionId.equals(record.key())) {
                        latest = record.value() == null ? null : Json.parse(new String(record.value(),
                                StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return latest instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
