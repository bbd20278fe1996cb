package io.tributary.console.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far behind each of Tributary's consumer groups is: the groups whose id starts with the topic prefix (the
 * router's {@code tributary-router}, {@code tributary-webhook-dispatcher}, {@code tributary-sync-worker},
 * {@code tributary-console}), each with the records it has not committed yet, summed over its partitions.
 *
 * <p>A partition's lag is its last stable offset (the end a {@code read_committed} consumer reads to) minus the
 * group's committed offset. A transactional producer (the router, which writes exactly once) follows each
 * transaction with a commit marker that takes an offset but is no record, so a group that has read everything is
 * still one offset behind per partition (KAFKA-10683): a partition at most {@value #RECOUNTED} offsets behind is
 * therefore read from the committed offset to its end, and its lag is the records found there. A partition further
 * behind counts offsets, markers included. Thread-safe: the admin client is, and the reading consumer is used
 * under a lock.
 */
public final class ConsumerLag implements AutoCloseable {

    /** The most one look at the broker may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** A partition at most this many offsets behind has its records counted instead of its offsets. */
    static final long RECOUNTED = 50;

    /** One group: its lag summed over the partitions it committed offsets for, and the most behind partition's. */
    public record Group(String id, long lag, long maxPartitionLag, int partitions) {
    }

    /** The groups by id, or why they are unknown. */
    public record Report(List<Group> groups, String unknown) {
    }

    private final Admin admin;
    private final String prefix;
    private final Map<String, Object> readerConfig;
    private KafkaConsumer<byte[], byte[]> reader;

    public ConsumerLag(String bootstrapServers, String groupPrefix) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(properties);
        this.prefix = groupPrefix;
        this.readerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // A committed offset the retention deleted counts the records that are still there.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, (int) RECOUNTED,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                ConsumerConfig.CLIENT_ID_CONFIG, groupPrefix + "-console-lag");
    }

    /** The lag of every group of the prefix now, by id; unknown with the reason when the broker does not answer. */
    public Report report() {
        try {
            List<String> ids = admin.listConsumerGroups().all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .map(listing -> listing.groupId()).filter(id -> id.startsWith(prefix)).sorted().toList();
            List<Group> groups = new ArrayList<>();
            for (String id : ids) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(id)
                        .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.forEach((tp, offset) -> {
                    if (offset != null) {
                        latest.put(tp, OffsetSpec.latest());
                    }
                });
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = latest.isEmpty() ? Map.of()
                        : admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                Map<TopicPartition, Long> behind = new HashMap<>();
                Map<TopicPartition, long[]> recount = new HashMap<>();
                ends.forEach((tp, end) -> {
                    long from = committed.get(tp).offset();
                    long offsets = Math.max(0, end.offset() - from);
                    behind.put(tp, offsets);
                    if (offsets > 0 && offsets <= RECOUNTED) {
                        recount.put(tp, new long[] {from, end.offset()});
                    }
                });
                behind.putAll(records(recount));
                long lag = 0;
                long max = 0;
                for (long partitionLag : behind.values()) {
                    lag += partitionLag;
                    max = Math.max(max, partitionLag);
                }
                groups.add(new Group(id, lag, max, ends.size()));
            }
            return new Report(groups, null);
        } catch (ExecutionException e) {
            return new Report(List.of(), "the broker did not answer: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return new Report(List.of(), "the broker did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Report(List.of(), "interrupted");
        }
    }

    /**
     * The records (not offsets) in each partition's range {@code [from, to)}, read with {@code read_committed}:
     * commit markers and aborted records are not counted. A partition not read to its end within {@link #TIMEOUT}
     * keeps its count of offsets (it is left out of the answer).
     */
    private synchronized Map<TopicPartition, Long> records(Map<TopicPartition, long[]> ranges) {
        if (ranges.isEmpty()) {
            return Map.of();
        }
        if (reader == null) {
            reader = new KafkaConsumer<>(readerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        reader.assign(ranges.keySet());
        ranges.forEach((tp, range) -> reader.seek(tp, range[0]));
        Map<TopicPartition, Long> found = new HashMap<>();
        ranges.keySet().forEach(tp -> found.put(tp, 0L));
        Set<TopicPartition> open = new HashSet<>(ranges.keySet());
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ranges.get(tp)[1]) {
                        found.merge(tp, 1L, Long::sum);
                    }
                }
                open.removeIf(tp -> reader.position(tp, TIMEOUT) >= ranges.get(tp)[1]);
            }
        } catch (KafkaException e) {
            return Map.of();
        } finally {
            reader.unsubscribe();
        }
        found.keySet().removeAll(open);
        return found;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        synchronized (this) {
            if (reader != null) {
                reader.close(Duration.ofSeconds(5));
            }
        }
    }
}
