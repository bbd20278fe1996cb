package io.tributary.router.config;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.tributary.model.TopicLayout;
import io.tributary.model.Topics;
import io.tributary.router.index.SubscriptionIndex;
import io.tributary.router.topology.DeliveryFailures;
import io.tributary.router.topology.RouterConfig;
import io.tributary.router.topology.RouterCounters;
import io.tributary.router.topology.RouterTopology;
import io.tributary.router.topology.UnwritableDeliveryHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the routing topology with exactly-once v2 for the life of the application, exports its metrics and says
 * whether it is doing its work ({@link #health()}).
 *
 * <p>A failed stream thread is replaced (and its static member removed from the group once it has ended, by
 * {@link FailedMembers}, so the replacement routes its partitions within seconds), so a transient fault never leaves
 * the router half-running; a fault a new thread cannot fix (a source topic is gone) stops the streams client
 * instead, which makes the router not ready (and not live, so that the platform restarts it and the topics are
 * created again on start). Every stop that was not asked for is logged once, with what stopped and why. A stop
 * leaves the consumer group, so that a restarted router (or another instance) routes again within seconds.
 * Thread-safe.
 */
public final class RouterStreams implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RouterStreams.class);

    /** Kafka's batch and record headers: what a record may take of the producer's {@code max.request.size}. */
    private static final int RECORD_OVERHEAD_BYTES = 512;

    /** How long a stop waits for the stream threads to commit and leave the group. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final RouterProperties properties;
    private final String bootstrapServers;
    private final SubscriptionIndex index;
    private final RouterCounters counters;
    private final MeterRegistry registry;
    private final DeliveryFailures failures = new DeliveryFailures();
    private final AtomicLong threadsReplaced = new AtomicLong();
    private final String instanceId = UUID.randomUUID().toString();
    private KafkaStreams streams;
    private KafkaStreamsMetrics metrics;
    private HandlerTopics handlerTopics;
    private FailedMembers failedMembers;
    private volatile boolean stopping;
    private volatile String lastFailure;
    private volatile String stoppedReason;

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
        FunctionCounter.builder("tributary.router.deliveries.dead.lettered", counters,
                        RouterCounters::deliveriesDeadLettered)
                .description("deliveries that could not be written (too large, refused): their events dead-lettered")
                .register(registry);
        FunctionCounter.builder("tributary.router.subscriptions.quarantined", counters, RouterCounters::quarantined)
                .description("invalid subscription records quarantined").register(registry);
        FunctionCounter.builder("tributary.router.stream.threads.replaced", threadsReplaced, AtomicLong::get)
                .description("stream threads that failed and were replaced").register(registry);
        Gauge.builder("tributary.router.subscriptions", index, SubscriptionIndex::size)
                .description("subscriptions the router matches").register(registry);
        Gauge.builder("tributary.router.streams.ready", this, router -> router.health().ready() ? 1 : 0)
                .description("1 while the routing streams run (RUNNING or REBALANCING with a live stream thread)")
                .register(registry);
        Gauge.builder("tributary.router.stream.threads.live", this, router -> router.health().liveThreads())
                .description("stream threads that are neither dead nor shutting down").register(registry);
    }

    /**
     * The Kafka Streams settings: exactly-once v2 and the router's production exception handler by default, then
     * everything under tributary.router.streams.
     */
    Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, properties.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, UnwritableDeliveryHandler.class.getName());
        // Static membership, so that a stop can take this instance out of the group at once (Kafka Streams 4.1
        // leaves the group on close only for static members) and the next member need not wait for its session to
        // time out. A random id by default, unique to this run; a stable one per instance under
        // tributary.router.streams.group.instance.id (a StatefulSet's pod name) also lets a crashed instance that
        // comes back within session.timeout.ms take its partitions back without a rebalance.
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, properties.applicationId() + "-" + instanceId);
        props.putAll(properties.streams());
        props.put(UnwritableDeliveryHandler.FAILURES_CONFIG, failures);
        props.put(UnwritableDeliveryHandler.HANDLER_PREFIX_CONFIG, new Topics(properties.topicPrefix()).handlerPrefix());
        return props;
    }

    /**
     * The most bytes of key and value a delivery may take: Kafka's default record limit, or what the producer's
     * {@code max.request.size} under tributary.router.streams allows (for clusters whose handler topics take
     * larger records), less the room Kafka's framing takes.
     */
    static int maxRecordBytes(Map<String, String> streams) {
        String key = StreamsConfig.PRODUCER_PREFIX + ProducerConfig.MAX_REQUEST_SIZE_CONFIG;
        String value = streams.getOrDefault(key, streams.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (value == null) {
            return TopicLayout.MAX_RECORD_BYTES;
        }
        try {
            int limit = Integer.parseInt(value.trim()) - RECORD_OVERHEAD_BYTES;
            if (limit >= 1024) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("tributary.router.streams." + (streams.containsKey(key) ? key
                : ProducerConfig.MAX_REQUEST_SIZE_CONFIG) + " must be a number of bytes of at least "
                + (1024 + RECORD_OVERHEAD_BYTES) + ", got " + value);
    }

    @Override
    public synchronized void start() {
        Topics topics = new Topics(properties.topicPrefix());
        handlerTopics = new HandlerTopics(bootstrapServers, properties.partitions(), properties.replicationFactor());
        RouterConfig config = new RouterConfig(topics, properties.maxDepth(), handlerTopics,
                maxRecordBytes(properties.streams()), failures, handlerTopics);
        stopping = false;
        lastFailure = null;
        stoppedReason = null;
        Properties streamsProperties = streamsProperties();
        failedMembers = new FailedMembers(bootstrapServers,
                streamsProperties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG),
                streamsProperties.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
        streams = new KafkaStreams(RouterTopology.build(config, index, counters), streamsProperties);
        streams.setUncaughtExceptionHandler(this::onThreadFailure);
        streams.setStateListener(this::onStateChange);
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
        streams.start();
        LOG.info("Router started: application id {}, topics {}.*, max depth {}, deliveries up to {} bytes",
                properties.applicationId(), properties.topicPrefix(), properties.maxDepth(), config.maxRecordBytes());
    }

    private StreamThreadExceptionResponse onThreadFailure(Throwable failure) {
        String thread = Thread.currentThread().getName();
        lastFailure = thread + " failed: " + summary(failure);
        if (causedBy(failure, MissingSourceTopicException.class)) {
            LOG.error("A router stream thread failed because a source topic is missing; a new thread cannot route"
                    + " without it, so the router stops", failure);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        threadsReplaced.incrementAndGet();
        LOG.error("A router stream thread failed; replacing it", failure);
        failedMembers.removeWhenEnded(Thread.currentThread());
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        boolean stopped = newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.PENDING_ERROR
                || newState == KafkaStreams.State.PENDING_SHUTDOWN || newState == KafkaStreams.State.NOT_RUNNING;
        if (stopped && !stopping && stoppedReason == null) {
            stoppedReason = "Kafka Streams went from " + oldState + " to " + newState
                    + (lastFailure == null ? "" : " after " + lastFailure);
            LOG.error("Router stopped routing: {}", stoppedReason);
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's class and message: what a reader needs to know why. */
    private static String summary(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public synchronized void stop() {
        if (streams != null) {
            stopping = true;
            // Leave the group on a clean stop (the static members are removed): the next member (this service
            // restarted, or another instance) takes the partitions at once instead of waiting for this member's
            // session to time out (45 s by default).
            streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(CLOSE_TIMEOUT));
            metrics.close();
            handlerTopics.close();
            failedMembers.close();
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

    /**
     * Whether the router is doing its work: ready while the streams client is RUNNING or REBALANCING with at
     * least one live stream thread; otherwise the reason. {@code terminal} is true in ERROR, a state Kafka Streams
     * never leaves (only a restart of the process helps).
     *
     * @param ready       whether events are being routed
     * @param terminal    whether the streams client is in ERROR
     * @param state       the streams client's state, {@code NOT_STARTED} before start
     * @param liveThreads stream threads that are neither dead nor shutting down
     * @param reason      why it is not ready, {@code null} when ready
     */
    public record Health(boolean ready, boolean terminal, String state, int liveThreads, String reason) {
    }

    /** The router's health now. */
    public Health health() {
        KafkaStreams current;
        synchronized (this) {
            current = streams;
        }
        if (current == null) {
            return new Health(false, false, "NOT_STARTED", 0, "the router is not started");
        }
        KafkaStreams.State state = current.state();
        int live = (int) current.metadataForLocalThreads().stream()
                .filter(thread -> !thread.threadState().equals("DEAD")
                        && !thread.threadState().equals("PENDING_SHUTDOWN"))
                .count();
        boolean running = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        if (running && live > 0) {
            return new Health(true, false, state.name(), live, null);
        }
        String reason = stoppedReason != null ? stoppedReason
                : running ? "no live stream thread" + (lastFailure == null ? "" : " (last: " + lastFailure + ")")
                : "Kafka Streams is " + state;
        return new Health(false, state == KafkaStreams.State.ERROR, state.name(), live, reason);
    }
}
