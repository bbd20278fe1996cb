package io.tributary.model.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.TributaryInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A topic range resolved by time and re-published, filtered, and cancelled between partitions, on a real broker. */
@TributaryInfrastructure
class TopicReplayIT {

    static final Instant T1 = Instant.parse("2026-01-01T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-01-01T11:00:00Z");

    /** Partition 0: one record before T1, four in [T1, T2), one at T2. Partition 1: three in [T1, T2). */
    static void produce(KafkaCluster kafka, String topic) throws Exception {
        kafka.createTopics(2, topic);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, T1.minusSeconds(1).toEpochMilli(), "early", "keep")).get();
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(topic, 0, T1.plusSeconds(i).toEpochMilli(), "a" + i,
                        i == 2 ? "skip" : "keep")).get();
            }
            producer.send(new ProducerRecord<>(topic, 0, T2.toEpochMilli(), "late", "keep")).get();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, 1, T1.plusSeconds(10 + i).toEpochMilli(), "b" + i, "keep"))
                        .get();
            }
        }
    }

    @Test
    void shouldRepublishExactlyTheRangeThatTheFilterAcceptsWithItsProvenance(KafkaCluster kafka) throws Exception {
        produce(kafka, "replay-it.source");
        List<String> progress = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = TopicRange.consumer(kafka.bootstrapServers())) {
            TopicRange range = TopicRange.resolve(consumer, "replay-it.source", null, null, T1, null, T2);
            assertThat(range.partitions()).containsOnlyKeys(0, 1);
            assertThat(range.partitions().get(0)).containsExactly(1, 5);
            assertThat(range.partitions().get(1)).containsExactly(0, 3);
            TopicReplay.Result result = new TopicReplay(kafka.bootstrapServers()).republish(consumer, range,
                    "replay-it.copy", value -> !"skip".equals(new String(value, StandardCharsets.UTF_8)),
                    (read, written) -> progress.add(read + "/" + written));
            assertThat(result).isEqualTo(new TopicReplay.Result(7, 6, true, 2, false));
        }
        assertThat(progress).containsExactly("1/1", "2/2", "3/2", "4/3", "5/4", "6/5", "7/6");
        List<String> copied = new ArrayList<>();
        kafka.readAll("replay-it.copy").forEach(r -> copied.add(r.partition() + " " + r.key() + " " + new String(
                r.headers().lastHeader(TopicReplay.REPLAYED_FROM).value(), StandardCharsets.UTF_8)));
        assertThat(copied).containsExactlyInAnyOrder("0 a0 replay-it.source/0/1", "0 a1 replay-it.source/0/2",
                "0 a3 replay-it.source/0/4", "1 b0 replay-it.source/1/0", "1 b1 replay-it.source/1/1",
                "1 b2 replay-it.source/1/2");
    }

    @Test
    void shouldStopBeforeTheNextPartitionOnceCancelled(KafkaCluster kafka) throws Exception {
        produce(kafka, "replay-it.cancel");
        try (KafkaConsumer<byte[], byte[]> consumer = TopicRange.consumer(kafka.bootstrapServers())) {
            TopicRange range = TopicRange.resolve(consumer, "replay-it.cancel", null, null, T1, null, T2);
            long[] seen = new long[1];
            TopicReplay.Result result = new TopicReplay(kafka.bootstrapServers()).republish(consumer, range,
                    "replay-it.cancel-copy", value -> true, new TopicReplay.Progress() {
                        @Override
                        public void update(long read, long written) {
                            seen[0] = read;
                        }

                        @Override
                        public boolean cancelled() {
                            return seen[0] >= 4;
                        }
                    });
            assertThat(result).isEqualTo(new TopicReplay.Result(4, 4, true, 2, true));
        }
        assertThat(kafka.readAll("replay-it.cancel-copy")).extracting(r -> r.partition() + " " + r.key())
                .containsExactlyInAnyOrder("0 a0", "0 a1", "0 a2", "0 a3");
    }
}
