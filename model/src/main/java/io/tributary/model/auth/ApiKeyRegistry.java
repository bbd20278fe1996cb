package io.tributary.model.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Creates, lists and revokes the keys of the shared key store (the compacted {@code tributary.api-keys} topic),
 * for operators ({@code tributary keys}). A new key is returned once, in clear, and only its hash is written.
 */
public final class ApiKeyRegistry {

    /** A key just created: its id and the key itself, which is shown this once. */
    public record CreatedKey(StoredApiKey stored, String key) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String bootstrapServers;
    private final String topic;
    private final Clock clock;

    public ApiKeyRegistry(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, Clock.systemUTC());
    }

    ApiKeyRegistry(String bootstrapServers, String topic, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.clock = clock;
    }

    /** Creates a tenant key ({@code tenant} set) or an admin key ({@code tenant} null, {@code admin} true). */
    public CreatedKey create(String tenant, boolean admin, String description) {
        if (admin == (tenant != null)) {
            throw new IllegalArgumentException("a key is either for a tenant (--tenant) or an admin key (--admin)");
        }
        if (tenant != null && !tenant.matches("[A-Za-z0-9_.:-]{1,128}")) {
            throw new IllegalArgumentException("tenant must be 1 to 128 of A-Z, a-z, 0-9, _ . : -, got '" + tenant + "'");
        }
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String key = "trb_" + HexFormat.of().formatHex(secret);
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        StoredApiKey stored = new StoredApiKey("key_" + HexFormat.of().formatHex(id), ApiKeys.hash(key), tenant, admin,
                description, Instant.now(clock).toString(), null);
        createTopicIfMissing();
        write(stored);
        return new CreatedKey(stored, key);
    }

    /** Revokes a key by id; returns it, or empty when there is no such key. Revoking twice changes nothing. */
    public Optional<StoredApiKey> revoke(String id) {
        Optional<StoredApiKey> key = list().stream().filter(k -> k.id().equals(id)).findFirst();
        if (key.isEmpty() || key.get().revoked()) {
            return key;
        }
        StoredApiKey revoked = key.get().revoke(Instant.now(clock).toString());
        write(revoked);
        return Optional.of(revoked);
    }

    /** Every key of the store, revoked ones included, by id. */
    public List<StoredApiKey> list() {
        Map<String, StoredApiKey> keys = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(15))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            if (partitions.isEmpty()) {
                return List.of();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(15));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 30 s");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        keys.remove(record.key());
                    } else {
                        keys.put(record.key(), StoredApiKey.fromJson(record.value()));
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + ": " + e.getMessage(), e);
        }
        return List.copyOf(keys.values());
    }

    private void write(StoredApiKey key) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 15000),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key.id(), key.toJson())).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot write to " + topic + " at " + bootstrapServers + ": "
                    + cause.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void createTopicIfMissing() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15000))) {
            NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic + " at " + bootstrapServers + ": "
                        + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + " to create " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
