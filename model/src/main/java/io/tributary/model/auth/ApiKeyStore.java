package io.tributary.model.auth;

import io.tributary.model.CompactedTopic;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys a service accepts: those of its configuration, plus the shared key store on the compacted
 * {@code tributary.api-keys} topic, which a background thread follows, so a key created with
 * {@code tributary keys create} works and a revoked one stops working within about a second on every instance.
 * Until the topic has been read to its end once, only configured keys are accepted. Thread-safe.
 */
public final class ApiKeyStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyStore.class);

    private final ApiKeys configured;
    private final String topic;
    private final Map<String, Object> consumerProperties;
    private final Map<String, StoredApiKey> byHash = new ConcurrentHashMap<>();
    private final Map<String, String> hashById = new ConcurrentHashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final Thread follower;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean running = true;

    /**
     * The keys of a service's {@code tributary.api} settings: the configured ones, hashed, and the shared key store
     * when one is named (followed on {@code bootstrapServers}). Close it when the service stops.
     */
    public static ApiKeyStore of(ApiKeyProperties properties, String bootstrapServers) {
        Map<String, ApiCaller> callers = new LinkedHashMap<>();
        properties.keys().forEach(key -> callers.put(key.key(), new ApiCaller(key.tenant(), key.admin())));
        ApiKeys configured = ApiKeys.of(callers);
        return properties.keyStore() == null ? configuredOnly(configured)
                : new ApiKeyStore(configured, bootstrapServers, properties.keyStore());
    }

    /** The configured keys only, without a store (a service that runs without Kafka). */
    public static ApiKeyStore configuredOnly(ApiKeys configured) {
        return new ApiKeyStore(configured, null, null);
    }

    /**
     * @param configured       the keys of the service's configuration
     * @param bootstrapServers the Kafka cluster holding the store
     * @param topic            the store's topic ({@code Topics#apiKeys()})
     */
    public ApiKeyStore(ApiKeys configured, String bootstrapServers, String topic) {
        this.configured = configured;
        this.topic = topic;
        if (bootstrapServers == null) {
            this.consumerProperties = null;
            this.follower = null;
            loaded.countDown();
            return;
        }
        consumerProperties = CompactedTopic.readerProperties(bootstrapServers);
        consumerProperties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
        follower = new Thread(this::follow, "api-key-store");
        follower.setDaemon(true);
        follower.start();
    }

    /** The caller an {@code Authorization: Bearer <key>} header authenticates, or empty. */
    public Optional<ApiCaller> authenticate(String authorization) {
        Optional<ApiCaller> caller = configured.authenticate(authorization);
        if (caller.isPresent() || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return caller;
        }
        StoredApiKey stored = byHash.get(ApiKeys.hash(authorization.substring(7).trim()));
        return stored == null || stored.revoked() ? Optional.empty() : Optional.of(stored.caller());
    }

    /** Waits until the store has been read to its end once; returns whether it has. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void follow() {
        boolean reportedFailure = false;
        while (running) {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumerProperties, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer = c;
                List<TopicPartition> partitions = new ArrayList<>();
                c.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                if (partitions.isEmpty()) {
                    // The topic does not exist yet: only configured keys until a key is first created.
                    loaded.countDown();
                    sleep(Duration.ofSeconds(2));
                    continue;
                }
                c.assign(partitions);
                c.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(10));
                reportedFailure = false;
                while (running) {
                    for (ConsumerRecord<String, String> record : c.poll(Duration.ofMillis(500))) {
                        apply(record);
                    }
                    if (loaded.getCount() > 0 && partitions.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) {
                        LOG.info("API key store {} loaded: {} keys", topic, hashById.size());
                        loaded.countDown();
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!reportedFailure) {
                    LOG.warn("Cannot read the API key store {} (configured keys keep working; retrying): {}", topic,
                            e.getMessage());
                    reportedFailure = true;
                }
                sleep(Duration.ofSeconds(2));
            }
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            String hash = hashById.remove(record.key());
            if (hash != null) {
                byHash.remove(hash);
            }
            return;
        }
        try {
            StoredApiKey key = StoredApiKey.fromJson(record.value());
            String previous = hashById.put(key.id(), key.hash());
            if (previous != null && !previous.equals(key.hash())) {
                byHash.remove(previous);
            }
            byHash.put(key.hash(), key);
        } catch (RuntimeException e) {
            LOG.error("Ignoring unreadable API key record {} at offset {} of {}: {}", record.key(), record.offset(),
                    topic, e.getMessage());
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (follower != null) {
            try {
                follower.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
