package io.tributary.model.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A range of a topic, per partition: {@code [from, to)} offsets, resolved from offsets or times (a time is the
 * first record at or after it; the end of a time range is exclusive; no end means the end of the log now).
 * {@code partitions} maps each partition to its {@code {from, to}}, in partition order (resolved ranges are). Immutable once resolved.
 */
public record TopicRange(String topic, Map<Integer, long[]> partitions) {

    /** The most one look at the broker may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** How many records the range holds. */
    public long count() {
        return partitions.values().stream().mapToLong(r -> Math.max(0, r[1] - r[0])).sum();
    }

    /** A consumer that reads ranges: no group, no commits, committed records only. */
    public static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The range of {@code topic} (only the partitions {@code only}, when given) from {@code fromOffset} or
     * {@code fromTime} (else the beginning) to {@code toOffset} (included) or {@code toTime} (excluded), else the
     * end of the log now.
     *
     * @throws IllegalStateException when there is no such topic
     * @throws IllegalArgumentException when {@code only} names a partition the topic does not have
     */
    public static TopicRange resolve(KafkaConsumer<byte[], byte[]> consumer, String topic, List<Integer> only,
            Long fromOffset, Instant fromTime, Long toOffset, Instant toTime) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("no such topic: " + topic);
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : infos) {
            if (only == null || only.isEmpty() || only.contains(info.partition())) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        partitions.sort(java.util.Comparator.comparingInt(TopicPartition::partition));
        if (only != null) {
            for (Integer partition : only) {
                if (partitions.stream().noneMatch(tp -> tp.partition() == partition)) {
                    throw new IllegalArgumentException("topic " + topic + " has no partition " + partition
                            + " (it has " + infos.size() + ")");
                }
            }
        }
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, TIMEOUT);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        Map<TopicPartition, Long> start = fromTime == null ? null : atTime(consumer, partitions, fromTime, end);
        Map<TopicPartition, Long> stop = toTime == null ? null : atTime(consumer, partitions, toTime, end);
        Map<Integer, long[]> ranges = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            long from = fromOffset != null ? Math.max(fromOffset, beginning.get(tp))
                    : start != null ? start.get(tp) : beginning.get(tp);
            long to = toOffset != null ? Math.min(toOffset + 1, end.get(tp)) : stop != null ? stop.get(tp) : end.get(tp);
            ranges.put(tp.partition(), new long[] {from, Math.max(from, to)});
        }
        return new TopicRange(topic, ranges);
    }

    /**
     * This range, checked against the log as it is now: every partition exists and every offset is within its
     * log (a range resolved earlier may have been trimmed by retention since).
     *
     * @throws IllegalArgumentException naming the partition and the reason
     */
    public TopicRange checked(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("no such topic: " + topic);
        }
        List<TopicPartition> all = new ArrayList<>();
        for (Integer partition : partitions.keySet()) {
            if (infos.stream().noneMatch(info -> info.partition() == partition)) {
                throw new IllegalArgumentException("topic " + topic + " has no partition " + partition);
            }
            all.add(new TopicPartition(topic, partition));
        }
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(all, TIMEOUT);
        Map<TopicPartition, Long> end = consumer.endOffsets(all, TIMEOUT);
        for (TopicPartition tp : all) {
            long[] range = partitions.get(tp.partition());
            if (range[0] < beginning.get(tp) || range[1] > end.get(tp) || range[0] > range[1]) {
                throw new IllegalArgumentException("partition " + tp.partition() + ": offsets " + range[0] + " to "
                        + range[1] + " are not within its log (" + beginning.get(tp) + " to " + end.get(tp) + ")");
            }
        }
        return this;
    }

    private static Map<TopicPartition, Long> atTime(KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions, Instant time, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, time.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(20));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        partitions.forEach(tp -> offsets.put(tp, found.get(tp) == null ? end.get(tp) : found.get(tp).offset()));
        return offsets;
    }
}
