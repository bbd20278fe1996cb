package io.tributary.router.config;

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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a handler topic ({@code tributary.handler.<type>}) with the router's partition count and replication
 * the first time a delivery goes to it, so a new handler type needs no code change and no manual step, and its
 * topic has the same partitioning as the events topic (per-record order across the hop). Each topic is checked
 * once per process; thread-safe.
 */
public final class HandlerTopics implements Consumer<String>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerTopics.class);

    private final Admin admin;
    private final int partitions;
    private final short replicationFactor;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public HandlerTopics(String bootstrapServers, int partitions, short replicationFactor) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    @Override
    public void accept(String topic) {
        if (known.contains(topic)) {
            return;
        }
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions),
                replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor));
        try {
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
            LOG.info("Created handler topic {} with {} partitions", topic, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create handler topic " + topic + ": " + e.getCause().getMessage(),
                        e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating handler topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating handler topic " + topic, e);
        }
        known.add(topic);
    }

    @Override
    public void close() {
        admin.close();
    }
}
