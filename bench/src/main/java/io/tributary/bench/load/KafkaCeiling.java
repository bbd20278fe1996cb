package io.tributary.bench.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.ReliableProducers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The raw Kafka ceiling on the stack's own broker: one producer with the capture's settings ({@code acks=all},
 * idempotence, {@code linger.ms=5}, lz4) sending captured event values as fast as the broker acknowledges them
 * to a scratch topic of three partitions, then one consumer reading them all back. The topic is deleted
 * afterwards. Not thread-safe.
 */
final class KafkaCeiling {

    private final String bootstrap;

    KafkaCeiling(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    ObjectNode measure(List<byte[]> values, double seconds) throws Exception {
        String topic = "bench.kafka-ceiling-" + System.currentTimeMillis();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(3), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
            try {
                ObjectNode result = JsonNodeFactory.instance.objectNode();
                long bytes = values.stream().mapToLong(v -> v.length).sum();
                result.put("topic", "scratch topic, 3 partitions");
                result.put("recordBytes", values.isEmpty() ? 0 : bytes / values.size());
                result.set("produce", produce(topic, values, seconds));
                result.set("consume", consume(topic, result.get("produce").get("records").asLong()));
                return result;
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private ObjectNode produce(String topic, List<byte[]> values, double seconds) throws Exception {
        AtomicLong acked = new AtomicLong();
        AtomicLong ackedBytes = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long sent = 0;
        long start;
        long elapsed;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ReliableProducers.properties(bootstrap,
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")),
                new StringSerializer(), new ByteArraySerializer())) {
            start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                byte[] value = values.get((int) (sent % values.size()));
                // send blocks when the producer's buffer is full: the loop runs at the broker's pace
                producer.send(new ProducerRecord<>(topic, "bench/ceiling/" + sent, value), (metadata, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                        ackedBytes.addAndGet(value.length);
                    } else {
                        failed.incrementAndGet();
                    }
                });
                sent++;
            }
            producer.flush();
            elapsed = System.nanoTime() - start;
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("records", acked.get());
        json.put("failed", failed.get());
        json.put("seconds", Latency.round(elapsed / 1e9));
        json.put("recordsPerSecond", Math.round(acked.get() / (elapsed / 1e9)));
        json.put("megabytesPerSecond", Latency.round(ackedBytes.get() / 1e6 / (elapsed / 1e9)));
        return json;
    }

    private ObjectNode consume(String topic, long expected) {
        long records = 0;
        long bytes = 0;
        long start;
        long elapsed;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            start = System.nanoTime();
            long idleUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (records < expected && System.nanoTime() < idleUntil) {
                var batch = consumer.poll(Duration.ofMillis(500));
                for (var record : batch) {
                    records++;
                    bytes += record.value().length;
                }
                if (!batch.isEmpty()) {
                    idleUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                }
            }
            elapsed = System.nanoTime() - start;
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("records", records);
        json.put("seconds", Latency.round(elapsed / 1e9));
        json.put("recordsPerSecond", Math.round(records / (elapsed / 1e9)));
        json.put("megabytesPerSecond", Latency.round(bytes / 1e6 / (elapsed / 1e9)));
        return json;
    }

    static byte[] fallbackValue() {
        return ("{\"specversion\":\"1.0\",\"id\":\"0/0\",\"source\":\"/postgres/tributary/public/bench_e2e\","
                + "\"type\":\"bench_e2e.insert\",\"tenant\":\"bench\",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
    }
}
