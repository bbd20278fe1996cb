package io.tributary.console.actions;

import io.tributary.console.ledger.LedgerSearch.Position;
import io.tributary.model.CompactedTopic;
import io.tributary.model.DeadLetterRedrive;
import io.tributary.model.Delivery;
import io.tributary.model.Json;
import io.tributary.model.ReliableProducers;
import io.tributary.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Redrives dead letters and resends deliveries. A redrive follows {@link DeadLetterRedrive}, the rules
 * {@code tributary dlt redrive} keeps: each dead letter goes back to the topic it came from with its key, its
 * subscription's current settings and a fresh attempt budget, and is recorded on {@link Topics#dltRedrives()} once
 * acknowledged; a dead letter recorded there (by the console or the CLI) is skipped, so a redrive run twice sends
 * nothing twice. Its {@link #plan plan} gives the exact count first. A resend sends a delivery's own record (read
 * from its handler topic by its position) again, with its subscription's current settings; it is not recorded and
 * may be repeated. Records are written with a reliable producer. One redrive or resend runs at a time per console.
 */
public final class ConsoleActions implements AutoCloseable {

    /** The most a read of records by position may take. */
    static final Duration READ_DEADLINE = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Topics topics;
    private final KafkaProducer<byte[], byte[]> producer;

    public ConsoleActions(String bootstrapServers, Topics topics) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.producer = new KafkaProducer<>(ReliableProducers.properties(bootstrapServers),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** What a redrive of some dead letters would do: how many match, were redriven before, and would be sent. */
    public record Plan(int matching, int redrivenBefore, int toSend) {
    }

    /** What a redrive or a resend did; {@code notes} says what is worth saying about single records. */
    public record Result(int sent, int skipped, int missing, List<String> notes) {
    }

    /** Where a long redrive is, and whether it is asked to stop: checked before each record. */
    public interface Progress {

        /** After each record: how many were sent and how many were missing so far. */
        void update(int sent, int missing);

        /** Whether to stop before the next record (what was sent stays sent and recorded). */
        boolean cancelled();

        /** No progress to report, never cancelled. */
        Progress NONE = new Progress() {
            @Override
            public void update(int sent, int missing) {
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        };
    }

    /** The exact count of a redrive of these dead letters, as the redrive ledger is now. */
    public Plan plan(List<Position> positions) {
        Set<String> done = redriven();
        int before = (int) positions.stream().filter(p -> done.contains(mark(p))).count();
        return new Plan(positions.size(), before, positions.size() - before);
    }

    /**
     * Redrives these dead letters: each one not redriven before is read from its topic, sent back, and recorded.
     * A dead letter no longer on its topic (past retention) is counted as missing.
     */
    public Result redrive(List<Position> positions) throws Exception {
        return redrive(positions, Progress.NONE);
    }

    /**
     * The same, reporting its progress after each record and stopping before the next one once cancelled: the rest
     * is left for a later redrive, which skips what this one recorded.
     */
    public synchronized Result redrive(List<Position> positions, Progress progress) throws Exception {
        try (CompactedTopic ledger = new CompactedTopic(bootstrapServers, topics.dltRedrives())) {
            ledger.createIfMissing();
            Set<String> done = ledger.read().keySet();
            List<Position> wanted = positions.stream().filter(p -> !done.contains(mark(p))).toList();
            for (Position p : wanted) {
                DeadLetterRedrive.destination(p.topic());
            }
            Map<Position, ConsumerRecord<byte[], byte[]>> records = read(wanted);
            Supplier<Map<String, String>> subscriptions = subscriptions();
            List<String> notes = new ArrayList<>();
            int sent = 0;
            int missing = 0;
            for (Position p : wanted) {
                if (progress.cancelled()) {
                    notes.add("cancelled after " + sent + " of " + wanted.size());
                    break;
                }
                ConsumerRecord<byte[], byte[]> record = records.get(p);
                if (record == null) {
                    notes.add(mark(p) + " is no longer on its topic");
                    progress.update(sent, ++missing);
                    continue;
                }
                String mark = mark(p);
                DeadLetterRedrive.Value value = DeadLetterRedrive.current(record.value(), delivery(record.value()),
                        false, subscriptions, topics.subscriptions());
                producer.send(new ProducerRecord<>(DeadLetterRedrive.destination(p.topic()), null, record.key(),
                        value.value(), DeadLetterRedrive.headers(record.headers(), mark))).get(30, TimeUnit.SECONDS);
                ledger.put(mark, Instant.now().toString());
                if (!value.note().isEmpty()) {
                    notes.add(mark + " " + value.note());
                }
                sent++;
                progress.update(sent, missing);
            }
            return new Result(sent, positions.size() - wanted.size(), missing, notes);
        }
    }

    /**
     * Sends the delivery whose record is at {@code position} on its handler topic again, to that topic, with its
     * subscription's current settings.
     *
     * @throws IllegalStateException when the record is no longer on the topic or holds no delivery
     */
    public synchronized Result resend(Position position) throws Exception {
        ConsumerRecord<byte[], byte[]> record = read(List.of(position)).get(position);
        if (record == null) {
            throw new IllegalStateException("the delivery's record " + mark(position)
                    + " is no longer on its topic (past the topic's retention)");
        }
        Delivery delivery = delivery(record.value());
        if (delivery == null) {
            throw new IllegalStateException("the record " + mark(position) + " holds no delivery");
        }
        DeadLetterRedrive.Value value = DeadLetterRedrive.current(record.value(), delivery, false, subscriptions(),
                topics.subscriptions());
        producer.send(new ProducerRecord<>(position.topic(), null, record.key(), value.value(),
                DeadLetterRedrive.headers(record.headers(), mark(position)))).get(30, TimeUnit.SECONDS);
        return new Result(1, 0, 0, value.note().isEmpty() ? List.of() : List.of(value.note()));
    }

    static String mark(Position p) {
        return DeadLetterRedrive.mark(p.topic(), p.partition(), p.offset());
    }

    private Set<String> redriven() {
        try (CompactedTopic ledger = new CompactedTopic(bootstrapServers, topics.dltRedrives())) {
            return new TreeSet<>(ledger.read().keySet());
        }
    }

    /** The subscriptions topic as it is now, read once, when the first delivery needs it. */
    private Supplier<Map<String, String>> subscriptions() {
        AtomicReference<Map<String, String>> read = new AtomicReference<>();
        return () -> {
            if (read.get() == null) {
                try (CompactedTopic subscriptions = new CompactedTopic(bootstrapServers, topics.subscriptions())) {
                    read.set(subscriptions.read());
                }
            }
            return read.get();
        };
    }

    private static Delivery delivery(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return Delivery.fromJson(Json.parse(new String(value, StandardCharsets.UTF_8)));
        } catch (RuntimeException notADelivery) {
            return null;
        }
    }

    /** The records at these positions that are still on their topics, read partition by partition. */
    private Map<Position, ConsumerRecord<byte[], byte[]>> read(List<Position> positions) {
        Map<TopicPartition, TreeSet<Long>> wanted = new TreeMap<>((a, b) -> a.topic().equals(b.topic())
                ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
        positions.forEach(p -> wanted.computeIfAbsent(new TopicPartition(p.topic(), p.partition()),
                tp -> new TreeSet<>()).add(p.offset()));
        Map<Position, ConsumerRecord<byte[], byte[]>> found = new LinkedHashMap<>();
        if (wanted.isEmpty()) {
            return found;
        }
        Map<String, Object> properties = new HashMap<>(CompactedTopic.readerProperties(bootstrapServers));
        properties.put("max.poll.records", 1000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
            for (Map.Entry<TopicPartition, TreeSet<Long>> entry : wanted.entrySet()) {
                TopicPartition tp = entry.getKey();
                consumer.assign(List.of(tp));
                long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
                long end = Math.min(consumer.endOffsets(List.of(tp)).get(tp), entry.getValue().last() + 1);
                long first = Math.max(begin, entry.getValue().first());
                if (first >= end) {
                    continue;
                }
                consumer.seek(tp, first);
                while (consumer.position(tp) < end) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("could not read " + tp + " up to offset " + end + " within "
                                + READ_DEADLINE.toSeconds() + " s");
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200)).records(tp)) {
                        if (entry.getValue().contains(record.offset())) {
                            found.put(new Position(tp.topic(), tp.partition(), record.offset()), record);
                        }
                    }
                }
            }
        }
        return found;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
