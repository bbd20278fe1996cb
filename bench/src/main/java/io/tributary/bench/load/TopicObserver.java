package io.tributary.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.Json;
import io.tributary.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches {@code tributary.events} and the webhook handler topic from their ends, as any read_committed consumer
 * would, and notes when each benchmark row's event and delivery became visible (the handler topic's record
 * timestamps cannot tell: Kafka Streams gives a delivery its event's timestamp). Also counts the events of the
 * bulk-insert table and of the ingestion run, tallies the dispatcher's attempt records on
 * {@code tributary.deliveries}, and keeps a few captured event values as samples of their size.
 * One thread of its own; the counters are thread-safe.
 */
final class TopicObserver implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String eventsTopic;
    private final String handlerTopic;
    private final String attemptsTopic;
    private final RowTimes times;
    private final String loadTable;
    private final String bulkTable;
    private final String ingestSource;
    private final AtomicLong bulkEvents = new AtomicLong();
    private final AtomicLong bulkFirstMicros = new AtomicLong();
    private final AtomicLong bulkLastMicros = new AtomicLong();
    private final AtomicLong ingestEvents = new AtomicLong();
    private final AtomicLong duplicateEvents = new AtomicLong();
    private final AtomicLong attempts204 = new AtomicLong();
    private final Map<String, AtomicLong> otherAttempts = new ConcurrentHashMap<>();
    private final List<byte[]> samples = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    TopicObserver(String bootstrap, Topics topics, RowTimes times, String loadTable, String bulkTable,
            String ingestSource) {
        this.eventsTopic = topics.events();
        this.handlerTopic = topics.handler("webhook");
        this.attemptsTopic = topics.deliveries();
        this.times = times;
        this.loadTable = "/" + loadTable + "/";
        this.bulkTable = "/" + bulkTable + "/";
        this.ingestSource = ingestSource + "/";
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.CLIENT_ID_CONFIG, "tributary-bench-observer"),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(eventsTopic, handlerTopic, attemptsTopic)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        this.thread = new Thread(this::run, "topic-observer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(200));
                long seen = RowTimes.nowMicros();
                for (ConsumerRecord<String, byte[]> record : records) {
                    String key = record.key();
                    if (key == null) {
                        continue;
                    }
                    if (record.topic().equals(eventsTopic)) {
                        onEvent(record, key, seen);
                    } else if (record.topic().equals(handlerTopic) && key.contains(loadTable)) {
                        times.mark(RowTimes.Point.DELIVERY_VISIBLE, rowId(key), seen);
                    } else if (record.topic().equals(attemptsTopic) && record.value() != null) {
                        onAttempt(record.value());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Exception e) {
            failure = e;
        }
    }

    private void onEvent(ConsumerRecord<String, byte[]> record, String key, long seen) {
        if (key.contains(loadTable)) {
            long id = rowId(key);
            if (!times.mark(RowTimes.Point.EVENT_VISIBLE, id, seen)) {
                duplicateEvents.incrementAndGet();
            }
            times.mark(RowTimes.Point.EVENT_STAMPED, id, record.timestamp() * 1000);
            if (samples.size() < 256 && record.value() != null) {
                samples.add(record.value());
            }
        } else if (key.contains(bulkTable)) {
            bulkFirstMicros.compareAndSet(0, seen);
            bulkLastMicros.set(seen);
            bulkEvents.incrementAndGet();
        } else if (key.contains(ingestSource)) {
            ingestEvents.incrementAndGet();
        }
    }

    /** Tallies the dispatcher's attempt records: answered 204 (what the receiver says), or by outcome and error. */
    private void onAttempt(byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        if (text.contains("\"httpStatus\":204")) {
            attempts204.incrementAndGet();
            return;
        }
        JsonNode attempt;
        try {
            attempt = Json.parse(text);
        } catch (IllegalArgumentException e) {
            otherAttempts.computeIfAbsent("not JSON", k -> new AtomicLong()).incrementAndGet();
            return;
        }
        String error = attempt.path("error").asText("");
        String kind = attempt.path("outcome").asText("?") + " (HTTP " + attempt.path("httpStatus").asText("-") + ")"
                + (error.isEmpty() ? "" : ": " + error.substring(0, Math.min(100, error.length())));
        otherAttempts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    /** The row id at the end of an event key ({@code tenant/source/recordId}) or a delivery key. */
    private static long rowId(String key) {
        try {
            return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    void resetBulk() {
        bulkEvents.set(0);
        bulkFirstMicros.set(0);
        bulkLastMicros.set(0);
    }

    long bulkEvents() {
        return bulkEvents.get();
    }

    long bulkFirstMicros() {
        return bulkFirstMicros.get();
    }

    long bulkLastMicros() {
        return bulkLastMicros.get();
    }

    long ingestEvents() {
        return ingestEvents.get();
    }

    long duplicateEvents() {
        return duplicateEvents.get();
    }

    long attemptsAnswered204() {
        return attempts204.get();
    }

    /** Attempts not answered 204, by outcome, status and the start of their error. */
    Map<String, Long> otherAttempts() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        otherAttempts.forEach((kind, count) -> copy.put(kind, count.get()));
        return copy;
    }

    /** Values of captured load-table events, as they are on the topic. */
    List<byte[]> samples() {
        return List.copyOf(samples);
    }

    /** Fails when the observer's thread has died. */
    void check() {
        if (failure != null) {
            throw new IllegalStateException("the topic observer failed: " + failure, failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
        consumer.close(Duration.ofSeconds(5));
    }
}
