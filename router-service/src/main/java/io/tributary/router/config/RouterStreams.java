package io.tributary.router.config;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.tributary.model.Topics;
import io.tributary.router.index.SubscriptionIndex;
import io.tributary.router.topology.RouterConfig;
import io.tributary.router.topology.RouterCounters;
import io.tributary.router.topology.RouterTopology;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the routing topology with exactly-once v2 for the life of the application and exports its metrics.
 * A failed stream thread is replaced, so a transient fault never leaves the router half-running.
 */
public final class RouterStreams implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RouterStreams.class);

    private final RouterProperties properties;
    private final String bootstrapServers;
    private final SubscriptionIndex index;
    private final RouterCounters counters;
    private final MeterRegistry registry;
    private KafkaStreams streams;
    private KafkaStreamsMetrics metrics;

    public RouterStreams(RouterProperties properties, String bootstrapServers, SubscriptionIndex index,
            RouterCounters counters, MeterRegistry registry) {
        this.properties = properties;
        this.bootstrapServers = bootstrapServers;
        this.index = index;
        this.counters = counters;
        this.registry = registry;
        FunctionCounter.builder("tributary.router.deliveries", counters, RouterCounters::routed)
                .description("deliveries written to handler topics").register(registry);
        FunctionCounter.builder("tributary.router.cooldown.suppressed", counters, RouterCounters::suppressedByCooldown)
                .description("matches suppressed by a subscription cooldown").register(registry);
        FunctionCounter.builder("tributary.router.events.dead.lettered", counters, RouterCounters::deadLettered)
                .description("events sent to the events dead-letter topic").register(registry);
        FunctionCounter.builder("tributary.router.subscriptions.quarantined", counters, RouterCounters::quarantined)
                .description("invalid subscription records quarantined").register(registry);
        Gauge.builder("tributary.router.subscriptions", index, SubscriptionIndex::size)
                .description("subscriptions the router matches").register(registry);
    }

    /** The Kafka Streams settings: exactly-once v2 by default, then everything under tributary.router.streams. */
    Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, properties.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.putAll(properties.streams());
        return props;
    }

    private HandlerTopics handlerTopics;

    @Override
    public synchronized void start() {
        handlerTopics = new HandlerTopics(bootstrapServers, properties.partitions(), properties.replicationFactor());
        RouterConfig config = new RouterConfig(new Topics(properties.topicPrefix()), properties.maxDepth(),
                handlerTopics);
        streams = new KafkaStreams(RouterTopology.build(config, index, counters), streamsProperties());
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("A router stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
        streams.start();
        LOG.info("Router started: application id {}, topics {}.*, max depth {}", properties.applicationId(),
                properties.topicPrefix(), properties.maxDepth());
    }

    @Override
    public synchronized void stop() {
        if (streams != null) {
            streams.close();
            metrics.close();
            handlerTopics.close();
            streams = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return streams != null;
    }

    /** The state of the streams client, or {@code null} before start. */
    public synchronized KafkaStreams.State state() {
        return streams == null ? null : streams.state();
    }
}
