package io.tributary.cli;

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
 */
record TopicRange(String topic, Map<Integer, long[]> partitions) {

    long count() {
        return partitions.values().stream().mapToLong(r -> Math.max(0, r[1] - r[0])).sum();
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static TopicRange resolve(KafkaConsumer<byte[], byte[]> consumer, String topic, List<Integer> only, Long fromOffset,
            Instant fromTime, Long toOffset, Instant toTime) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, KafkaOptions.timeout());
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("no such topic: " + topic);
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : infos) {
            if (only == null || only.isEmpty() || only.contains(info.partition())) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        if (only != null) {
            for (Integer partition : only) {
                if (partitions.stream().noneMatch(tp -> tp.partition() == partition)) {
                    throw new IllegalArgumentException("topic " + topic + " has no partition " + partition
                            + " (it has " + infos.size() + ")");
                }
            }
        }
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, KafkaOptions.timeout());
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KafkaOptions.timeout());
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
