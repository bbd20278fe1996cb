package io.tributary.model.replay;

import io.tributary.model.ReliableProducers;
import io.tributary.model.TopicLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Re-publishes a {@link TopicRange} into a topic: each record with its original key, value and headers plus
 * {@link #REPLAYED_FROM} ({@code <topic>/<partition>/<offset>}), into the same partition when the target has as many
 * partitions as the source (so per-partition order holds), else by key. The target is created with the source's
 * partitions when missing. Written with a reliable producer and acknowledged before it returns. The one replay of
 * {@code tributary replay --into} and of the console's replays screen. Not thread-safe: one replay per instance.
 */
public final class TopicReplay {

    /** The header naming where a replayed record was read. */
    public static final String REPLAYED_FROM = "tributary-replayed-from";

    /** Where a replay is, and whether it is asked to stop: called as it reads, checked before each batch. */
    public interface Progress {

        /** After each record read: how many were read and how many of them were written so far. */
        void update(long read, long written);

        /** Whether to stop before the next batch; what was written stays written. */
        default boolean cancelled() {
            return false;
        }

        /** Before each record is written: where a rate limit waits. */
        default void beforeWrite() {
        }
    }

    /** What a replay did: records read of the range, written to the target, whether it created the target. */
    public record Result(long read, long written, boolean createdTarget, int targetPartitions, boolean cancelled) {
    }

    private final String bootstrap;

    public TopicReplay(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /**
     * Re-publishes the records of {@code range} that {@code filter} accepts (given the record's value) into
     * {@code into}, reading with {@code consumer}.
     */
    public Result republish(KafkaConsumer<byte[], byte[]> consumer, TopicRange range, String into,
            Predicate<byte[]> filter, Progress progress) throws Exception {
        String topic = range.topic();
        int sourcePartitions = consumer.partitionsFor(topic, TopicRange.TIMEOUT).size();
        boolean created;
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        try (Admin client = Admin.create(admin)) {
            created = TopicLayout.createIfMissing(client, new NewTopic(into, Optional.of(sourcePartitions),
                    Optional.empty()), TopicRange.TIMEOUT);
        }
        int targetPartitions = consumer.partitionsFor(into, TopicRange.TIMEOUT).size();
        long read = 0;
        long written = 0;
        boolean cancelled = false;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ReliableProducers.properties(bootstrap,
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 10)), new ByteArraySerializer(), new ByteArraySerializer())) {
            // The first failed send, if any: checked as records are read, so a replay of millions of records keeps
            // no per-record state, and after the last one is flushed.
            AtomicReference<Exception> failed = new AtomicReference<>();
            partitions:
            for (var entry : range.partitions().entrySet()) {
                int partition = entry.getKey();
                long fromOffset = entry.getValue()[0];
                long toOffset = entry.getValue()[1];
                if (fromOffset >= toOffset) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(topic, partition);
                consumer.assign(List.of(tp));
                consumer.seek(tp, fromOffset);
                long position = fromOffset;
                while (position < toOffset) {
                    if (progress.cancelled()) {
                        cancelled = true;
                        break partitions;
                    }
                    var records = consumer.poll(Duration.ofMillis(500)).records(tp);
                    if (records.isEmpty() && consumer.position(tp) >= toOffset) {
                        break;
                    }
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        if (record.offset() >= toOffset) {
                            break;
                        }
                        position = record.offset() + 1;
                        read++;
                        if (filter.test(record.value())) {
                            progress.beforeWrite();
                            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
                            headers.add(REPLAYED_FROM, (topic + "/" + partition + "/" + record.offset())
                                    .getBytes(StandardCharsets.UTF_8));
                            Integer destination = targetPartitions == sourcePartitions ? partition : null;
                            producer.send(new ProducerRecord<>(into, destination, record.key(), record.value(),
                                    headers), (metadata, e) -> {
                                        if (e != null) {
                                            failed.compareAndSet(null, e);
                                        }
                                    });
                            written++;
                        }
                        if (failed.get() != null) {
                            throw new ExecutionException("a replayed record was not written to " + into,
                                    failed.get());
                        }
                        progress.update(read, written);
                    }
                    position = Math.max(position, consumer.position(tp));
                }
            }
            producer.flush();
            if (failed.get() != null) {
                throw new ExecutionException("a replayed record was not written to " + into, failed.get());
            }
        }
        return new Result(read, written, created, targetPartitions, cancelled);
    }
}
