package io.tributary.router.config;

import io.tributary.model.TopicLayout;
import io.tributary.router.topology.HandlerTopicLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a handler topic ({@code tributary.handler.<type>}) with the router's partition count and replication
 * the first time a delivery goes to it, so a new handler type needs no code change and no manual step, and its
 * topic has the same partitioning as the events topic (per-record order across the hop). Each topic is checked
 * once per process.
 *
 * <p>It also knows each handler topic's {@code max.message.bytes} ({@link HandlerTopicLimits}), so that the router
 * dead-letters a delivery the broker would refuse before sending it: read with Admin {@code describeConfigs} the
 * first time a topic is asked about (after it is created), then read again in the background once it is older than
 * the refresh interval, so a changed limit is learned without a stream thread waiting for it. A limit that cannot be
 * read (no DESCRIBE_CONFIGS permission, the broker unreachable) is unknown until the next refresh: the broker
 * decides, and the router's production exception handler deals with a refusal. Thread-safe.
 */
public final class HandlerTopics implements Consumer<String>, HandlerTopicLimits, AutoCloseable {

    /** How often a handler topic's limit is read again. */
    public static final Duration DEFAULT_LIMIT_REFRESH = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(HandlerTopics.class);
    /** How long a stream thread waits for a topic's limit the first time; unknown if it takes longer. */
    private static final long DESCRIBE_TIMEOUT_SECONDS = 10;

    /** A topic's limit as last read, and when ({@code System.nanoTime()}). */
    private record Limit(int maxMessageBytes, long readAt) {
    }

    private final Admin admin;
    private final int partitions;
    private final short replicationFactor;
    private final long refreshNanos;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Map<String, Limit> limits = new ConcurrentHashMap<>();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

    public HandlerTopics(String bootstrapServers, int partitions, short replicationFactor) {
        this(bootstrapServers, partitions, replicationFactor, DEFAULT_LIMIT_REFRESH);
    }

    /** @param limitRefresh how old a topic's limit may get before it is read again */
    public HandlerTopics(String bootstrapServers, int partitions, short replicationFactor, Duration limitRefresh) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.refreshNanos = limitRefresh.toNanos();
    }

    @Override
    public void accept(String topic) {
        if (known.contains(topic)) {
            return;
        }
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions),
                replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor));
        if (TopicLayout.createIfMissing(admin, newTopic, Duration.ofSeconds(30))) {
            LOG.info("Created handler topic {} with {} partitions", topic, partitions);
        }
        // Whatever was read before the topic existed (or before someone else created it) is not its limit.
        limits.remove(topic);
        known.add(topic);
    }

    /** The topic's {@code max.message.bytes}: from memory, read on first use and refreshed in the background. */
    @Override
    public int maxMessageBytes(String topic) {
        Limit limit = limits.get(topic);
        if (limit == null) {
            limit = new Limit(read(topic), System.nanoTime());
            limits.put(topic, limit);
        } else if (System.nanoTime() - limit.readAt() > refreshNanos && refreshing.add(topic)) {
            refresh(topic);
        }
        return limit.maxMessageBytes();
    }

    @Override
    public void forget(String topic) {
        limits.remove(topic);
    }

    private void refresh(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.describeConfigs(List.of(resource)).values().get(resource).whenComplete((config, failure) -> {
            int value = failure == null ? maxMessageBytes(topic, config) : UNKNOWN;
            if (failure != null) {
                LOG.warn("Cannot read {} of handler topic {} ({}); the broker alone decides what fits until the next"
                        + " refresh", TopicConfig.MAX_MESSAGE_BYTES_CONFIG, topic, failure.toString());
            } else if (limits.containsKey(topic) && limits.get(topic).maxMessageBytes() != value) {
                LOG.info("Handler topic {} now takes records up to {} bytes ({})", topic, value,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            }
            limits.put(topic, new Limit(value, System.nanoTime()));
            refreshing.remove(topic);
        });
    }

    private int read(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config config = admin.describeConfigs(List.of(resource)).values().get(resource)
                    .get(DESCRIBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            int value = maxMessageBytes(topic, config);
            LOG.info("Handler topic {} takes records up to {} bytes ({})", topic, value,
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return value;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Cannot read {} of handler topic {} ({}); the broker alone decides what fits until the next"
                    + " refresh", TopicConfig.MAX_MESSAGE_BYTES_CONFIG, topic,
                    (e instanceof ExecutionException ? e.getCause() : e).toString());
            return UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        }
    }

    private static int maxMessageBytes(String topic, Config config) {
        ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        if (entry == null || entry.value() == null) {
            return UNKNOWN;
        }
        try {
            return Integer.parseInt(entry.value().trim());
        } catch (NumberFormatException e) {
            LOG.warn("Handler topic {} has {}={}, not a number of bytes; the broker alone decides what fits", topic,
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, entry.value());
            return UNKNOWN;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
