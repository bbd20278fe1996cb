package io.tributary.client;

import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.DeadLetterHeaders.ReasonCode;
import io.tributary.model.Delivery;
import io.tributary.model.Json;
import io.tributary.model.ReliableProducers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For teams consuming a handler topic ({@code tributary.handler.<type>}): reads its Delivery records with a consumer
 * group, skips deliveries handled already ({@link DedupeStore}, by {@code deliveryId}), calls the handler, and
 * commits a batch's offsets only after the handler returned for each of its records. A record whose handler keeps
 * failing is tried {@code maxAttempts} times with a pause between, then moved to {@code <topic>-dlt} with
 * provenance headers ({@link DeadLetterHeaders}; as is a record that is not a Delivery), and the listener goes on.
 * Delivery is at least once: a crash re-reads the uncommitted batch and the dedupe store skips what was handled.
 *
 * <pre>{@code
 * DeliveryListener listener = DeliveryListener.builder("kafka:9092", "tributary.handler.search", "search-indexer")
 *         .dedupe(new JdbcDedupeStore(dataSource::getConnection, "search-indexer"))
 *         .maxAttempts(5)
 *         .handler(delivery -> index(delivery.event()))
 *         .start();
 * }</pre>
 */
public final class DeliveryListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryListener.class);

    /** What the team does with each delivery; throwing means "try again". */
    @FunctionalInterface
    public interface Handler {
        void handle(Delivery delivery) throws Exception;
    }

    private final Builder settings;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> deadLetters;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean abort = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;

    private DeliveryListener(Builder settings) {
        this.settings = settings;
        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords);
        consumerConfig.putAll(settings.overrides);
        this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = new KafkaProducer<>(ReliableProducers.properties(settings.bootstrapServers),
                new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "delivery-listener-" + settings.topic);
    }

    /**
     * @param topic the handler topic, such as {@code tributary.handler.search}
     * @param group the consumer group; instances with the same group share the partitions
     */
    public static Builder builder(String bootstrapServers, String topic, String group) {
        return new Builder(bootstrapServers, topic, group);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(settings.topic));
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (abort.get()) {
                        return;
                    }
                    process(record);
                }
                if (abort.get()) {
                    return;
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // close() or abort()
        } catch (RuntimeException e) {
            LOG.error("Delivery listener of {} stopped: {}", settings.topic, e.getMessage(), e);
        } finally {
            consumer.close(abort.get() ? Duration.ZERO : Duration.ofSeconds(10));
            deadLetters.close(Duration.ofSeconds(10));
            stopped.countDown();
        }
    }

    private void process(ConsumerRecord<String, byte[]> record) {
        Delivery delivery;
        try {
            delivery = Delivery.fromJson(Json.parse(new String(record.value(), StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            deadLetter(record, e, 0);
            return;
        }
        if (settings.dedupe.seen(delivery.deliveryId())) {
            return;
        }
        Exception last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts; attempt++) {
            try {
                settings.handler.handle(delivery);
                settings.dedupe.record(delivery.deliveryId());
                return;
            } catch (Exception e) {
                last = e;
                LOG.warn("Delivery {} failed (attempt {} of {}): {}", delivery.deliveryId(), attempt,
                        settings.maxAttempts, e.getMessage());
                if (attempt < settings.maxAttempts && !sleep(settings.backoff.multipliedBy(attempt))) {
                    throw new WakeupException();
                }
            }
        }
        deadLetter(record, last, settings.maxAttempts);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, Exception error, int attempts) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetterHeaders.writeOrigin(headers, record.topic(), record.partition(), record.offset(), record.timestamp());
        DeadLetterHeaders.writeException(headers, error.getClass().getName(), error.getMessage());
        DeadLetterHeaders.writeReason(headers, attempts == 0 ? ReasonCode.UNDECODABLE : ReasonCode.RETRIES_EXHAUSTED,
                attempts == 0 ? "not a delivery: " + error.getMessage()
                        : "the handler failed " + attempts + " times, last: " + error.getMessage());
        DeadLetterHeaders.writeText(headers, DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts));
        String topic = settings.topic + "-dlt";
        try {
            deadLetters.send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers))
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Not on the dead-letter topic: stop without committing, so the record is read again.
            throw new IllegalStateException("could not move offset " + record.offset() + " of " + record.topic()
                    + " to " + topic + ": " + e.getMessage(), e);
        }
    }

    private boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops after the record in hand, committing what was handled. */
    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        await();
    }

    /**
     * Stops at once without committing, as a crash would: the uncommitted batch is read again by the next
     * listener of the group, and its dedupe store skips what was handled.
     */
    public void abort() {
        abort.set(true);
        running.set(false);
        consumer.wakeup();
        await();
    }

    private void await() {
        try {
            if (!stopped.await(60, TimeUnit.SECONDS)) {
                LOG.warn("Delivery listener of {} did not stop within 60 s", settings.topic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The listener's settings. Not thread-safe. */
    public static final class Builder {
        private final String bootstrapServers;
        private final String topic;
        private final String group;
        private DedupeStore dedupe = DedupeStore.inMemory(100_000);
        private int maxAttempts = 3;
        private Duration backoff = Duration.ofSeconds(1);
        private int maxPollRecords = 100;
        private Handler handler;
        private final Map<String, Object> overrides = new HashMap<>();

        private Builder(String bootstrapServers, String topic, String group) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            this.topic = Objects.requireNonNull(topic, "topic");
            this.group = Objects.requireNonNull(group, "group");
        }

        /** Where handled delivery ids are kept; in memory (100,000) unless given. */
        public Builder dedupe(DedupeStore dedupe) {
            this.dedupe = Objects.requireNonNull(dedupe, "dedupe");
            return this;
        }

        /** Attempts per delivery before its dead letter; 3 unless given. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The pause after the first failed attempt, growing linearly; 1 s unless given. */
        public Builder backoff(Duration backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** Records per poll, the most that one crash can make a consumer read again. */
        public Builder maxPollRecords(int maxPollRecords) {
            this.maxPollRecords = maxPollRecords;
            return this;
        }

        /** A Kafka consumer setting (security, for example). */
        public Builder consumerProperty(String name, Object value) {
            overrides.put(name, value);
            return this;
        }

        public Builder handler(Handler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Starts consuming on its own thread. */
        public DeliveryListener start() {
            if (handler == null) {
                throw new IllegalStateException("a handler is required: builder.handler(delivery -> ...)");
            }
            DeliveryListener listener = new DeliveryListener(this);
            listener.thread.start();
            return listener;
        }
    }
}
