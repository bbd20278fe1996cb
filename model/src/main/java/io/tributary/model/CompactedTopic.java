package io.tributary.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A compacted topic used as a small key-value store (attached tables, API keys, subscriptions, the redrive
 * ledger): created when missing with one partition, read from its beginning to its end under a deadline (the
 * last value of each key wins, a tombstone removes the key), written one acknowledged record at a time with a
 * {@link ReliableProducers reliable producer}. Keys and values are UTF-8 text. A read that cannot reach the
 * topic's end in time fails rather than return part of the store, so that nothing is decided, or written back, on
 * a partial view. Thread-safe; the producer is opened at the first write and closed by {@link #close()}.
 */
public final class CompactedTopic implements AutoCloseable {

    /** How long a read to the end, a topic creation or a write may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);

    private final String bootstrapServers;
    private final String topic;
    private final Duration timeout;
    private KafkaProducer<String, String> producer;

    /** A store on {@code topic} with {@link #DEFAULT_TIMEOUT}. */
    public CompactedTopic(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, DEFAULT_TIMEOUT);
    }

    /**
     * @param bootstrapServers the Kafka cluster
     * @param topic            the compacted topic (one of {@link Topics})
     * @param timeout          the most a read to the end, a creation or one write may take
     */
    public CompactedTopic(String bootstrapServers, String topic, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.timeout = timeout;
    }

    /** The declaration of a compacted store: one partition, {@code cleanup.policy=compact}. */
    public static NewTopic declaration(String name, Optional<Short> replicationFactor) {
        return new NewTopic(name, Optional.of(1), replicationFactor)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /**
     * The settings of a consumer that reads a store by assignment: no group, no commits, committed records only,
     * and no topic created by reading it (a broker with {@code auto.create.topics.enable} would create it
     * uncompacted, with the broker's defaults, before its writer does). A map the caller may add to.
     */
    public static Map<String, Object> readerProperties(String bootstrapServers) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return properties;
    }

    public String name() {
        return topic;
    }

    /** Creates the topic (compacted, one partition, the broker's replication) unless it exists. */
    public void createIfMissing() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis()))) {
            TopicLayout.createIfMissing(admin, declaration(topic, Optional.empty()), timeout);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " (Kafka at " + bootstrapServers + ")", e);
        }
    }

    /**
     * Reads every record from the beginning to the end the topic had when the read started, in offset order.
     * A topic that does not exist reads as empty.
     *
     * @throws IllegalStateException when Kafka cannot be reached or the end is not reached within the timeout
     */
    public void readToEnd(Consumer<ConsumerRecord<String, String>> each) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(readerProperties(bootstrapServers),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, CLIENT_TIMEOUT)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, CLIENT_TIMEOUT);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within "
                            + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    each.accept(record);
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + " to read " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    /** The store as it is: the last value of every key that has no later tombstone, in the order of first writing. */
    public Map<String, String> read() {
        Map<String, String> values = new LinkedHashMap<>();
        readToEnd(record -> {
            if (record.value() == null) {
                values.remove(record.key());
            } else {
                values.put(record.key(), record.value());
            }
        });
        return values;
    }

    /** The value of one key, read to the end; empty when it has none or its last record is a tombstone. */
    public Optional<String> get(String key) {
        String[] latest = {null};
        readToEnd(record -> {
            if (key.equals(record.key())) {
                latest[0] = record.value();
            }
        });
        return Optional.ofNullable(latest[0]);
    }

    /** Writes a value and waits until it is acknowledged. */
    public void put(String key, String value) {
        send(key, value);
    }

    /** Writes a tombstone (the key is removed) and waits until it is acknowledged. */
    public void tombstone(String key) {
        send(key, null);
    }

    private void send(String key, String value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot write to " + topic + " at " + bootstrapServers + ": "
                    + cause.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        }
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(ReliableProducers.properties(bootstrapServers, Map.of(
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis())),
                    new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }

    @Override
    public String toString() {
        return "CompactedTopic[" + topic + "]";
    }
}
