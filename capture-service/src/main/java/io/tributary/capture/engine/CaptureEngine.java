package io.tributary.capture.engine;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.capture.config.CaptureProperties;
import io.tributary.capture.convert.ChangeEventConverter;
import io.tributary.capture.convert.SubscriptionRows;
import io.tributary.capture.tables.CaptureTables;
import io.tributary.model.ReliableProducers;
import io.tributary.model.TopicLayout;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debezium's embedded PostgreSQL connector ({@code pgoutput}) writing every row change to
 * {@code tributary.events}. A batch's position is committed only after Kafka acknowledged every event of it
 * ({@code acks=all}), and the position itself is kept in a compacted Kafka topic: a crash or a move to another
 * host re-reads at most the last batch, and a re-read change keeps its id.
 *
 * <p>One change never halts the capture: {@link ChangeBatches} decides per change what happens to one that cannot
 * be converted or written ({@code tributary.capture.failure-handling-mode}). An error of the engine itself (a
 * lost connection, a connector bug, a database the connector cannot start on) stops it; a supervisor thread then
 * reports what stopped and why ({@link CaptureStatus}, the {@code tributary_capture_running} gauge, one log line
 * per stop) and starts it again after an exponential backoff ({@code tributary.capture.restart.*}), from the last
 * committed position. Start once, close once; the status may be read from any thread.
 */
public final class CaptureEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureEngine.class);

    /** A run this long was a working capture: the backoff starts again from its initial interval. */
    private static final Duration STABLE_RUN = Duration.ofMinutes(1);

    private final CaptureProperties properties;
    private final CaptureTables tables;
    private final boolean ownsTables;
    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private final ChangeBatches batches;
    private final CaptureStatus status;
    private final Counter restarts;
    private final IntervalFunction backoff;
    private final Clock clock = Clock.systemUTC();
    private final Object lock = new Object();
    private Thread supervisor;
    private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private boolean closing;

    /** A capture of the configured tables and those attached on the tables topic. */
    public CaptureEngine(CaptureProperties properties, String bootstrapServers, MeterRegistry registry) {
        this(properties, new CaptureTables(properties, bootstrapServers), true, bootstrapServers, registry,
                new CaptureStatus());
    }

    /** A capture of the given tables, which the caller keeps and closes. */
    public CaptureEngine(CaptureProperties properties, CaptureTables tables, String bootstrapServers,
            MeterRegistry registry) {
        this(properties, tables, false, bootstrapServers, registry, new CaptureStatus());
    }

    /** A capture of the given tables reporting to the given status, which outlives it (the application's). */
    public CaptureEngine(CaptureProperties properties, CaptureTables tables, String bootstrapServers,
            MeterRegistry registry, CaptureStatus status) {
        this(properties, tables, false, bootstrapServers, registry, status);
    }

    private CaptureEngine(CaptureProperties properties, CaptureTables tables, boolean ownsTables,
            String bootstrapServers, MeterRegistry registry, CaptureStatus status) {
        this.properties = properties;
        this.tables = tables;
        this.ownsTables = ownsTables;
        this.bootstrapServers = bootstrapServers;
        this.status = status;
        SubscriptionRows subscriptionRows = properties.subscriptionTable() == null ? null
                : new SubscriptionRows(properties.subscriptionTable());
        ChangeEventConverter converter = new ChangeEventConverter(properties.database().name(), tables.tenantColumns(),
                Set.of(properties.signalTable()));
        this.producer = new KafkaProducer<>(ReliableProducers.properties(bootstrapServers, Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                // Room for the largest event with the record's framing; the capture refuses larger ones itself.
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, properties.maxEventBytes()
                        + (TopicLayout.EVENTS_MAX_MESSAGE_BYTES - TopicLayout.MAX_EVENT_BYTES))),
                new StringSerializer(), new ByteArraySerializer());
        this.batches = new ChangeBatches(properties, converter, subscriptionRows, producer, registry);
        this.restarts = Counter.builder("tributary.capture.restarts")
                .description("restarts of the capture after it stopped").register(registry);
        Gauge.builder("tributary.capture.running", status, s -> s.capturing() ? 1 : 0).strongReference(true)
                .description("1 while the capture is capturing, 0 while it is starting or stopped").register(registry);
        CaptureProperties.Restart restart = properties.restart();
        this.backoff = IntervalFunction.ofExponentialBackoff(restart.initialInterval(), restart.multiplier(),
                restart.maxInterval());
    }

    /** Whether the capture is capturing now, and if not, why. */
    public CaptureStatus status() {
        return status;
    }

    /** The connector settings: Tributary's, then everything under tributary.capture.debezium. */
    Properties debeziumProperties() {
        CaptureProperties.Database db = properties.database();
        Properties props = new Properties();
        props.setProperty("name", "tributary-capture-" + properties.slotName());
        props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        props.setProperty("offset.storage.topic", properties.offsetsTopic());
        props.setProperty("offset.storage.partitions", "1");
        props.setProperty("offset.storage.replication.factor", "-1");
        props.setProperty("offset.flush.interval.ms", "1000");
        props.setProperty("bootstrap.servers", bootstrapServers);
        props.setProperty("database.hostname", db.host());
        props.setProperty("database.port", Integer.toString(db.port()));
        props.setProperty("database.dbname", db.name());
        props.setProperty("database.user", db.user());
        props.setProperty("database.password", db.password() == null ? "" : db.password());
        props.setProperty("topic.prefix", "tributary");
        props.setProperty("plugin.name", "pgoutput");
        props.setProperty("slot.name", properties.slotName());
        props.setProperty("publication.name", properties.publicationName());
        // The publication decides what is captured (CaptureTables keeps it), so a table is attached or detached
        // by changing the publication alone, without restarting the connector.
        props.setProperty("publication.autocreate.mode", "disabled");
        props.setProperty("signal.data.collection", properties.signalTable());
        props.setProperty("signal.enabled.channels", "source");
        // Incremental snapshots report their progress to GET /v1/tables (SnapshotProgress).
        props.setProperty("notification.enabled.channels", io.tributary.capture.tables.SnapshotProgress.CHANNEL);
        props.setProperty("snapshot.mode", properties.snapshotMode());
        props.setProperty("decimal.handling.mode", "string");
        props.setProperty("binary.handling.mode", "base64");
        props.setProperty("column.propagate.source.type", ".*");
        props.setProperty("skipped.operations", "none");
        props.setProperty("tombstones.on.delete", "false");
        // How long the connector sleeps when the replication stream has nothing: every change that arrives in
        // that sleep waits for its end. Debezium's default of 500 ms would add up to half a second to an event;
        // 10 ms costs a hundred cheap wake-ups a second on an idle database.
        props.setProperty("poll.interval.ms", "10");
        props.setProperty("heartbeat.interval.ms", Long.toString(properties.heartbeatInterval().toMillis()));
        // What the captured tables need of the connector: snapshots whose queries name the columns.
        props.putAll(CaptureTables.DEBEZIUM_SETTINGS);
        // Every column's value spelled as PostgreSQL's to_jsonb spells it (PgJsonConverter), not by Debezium's
        // converters, which cannot hold every value PostgreSQL can.
        props.putAll(io.tributary.capture.convert.PgJsonConverter.debeziumProperties(db.jdbcUrl(), db.user(),
                db.password(), properties.signalTable()));
        // Failures Tributary handles itself (CaptureProperties.DEBEZIUM_KEPT): a failed change per the capture's
        // failure handling mode, a failed connector by a restart that readiness sees.
        props.putAll(CaptureProperties.DEBEZIUM_KEPT);
        props.putAll(properties.debezium());
        return props;
    }

    /**
     * Starts capturing. The publication is prepared before this returns (so tables can be attached at once); when
     * that fails, or the connector cannot start, the capture reports why and tries again with backoff.
     */
    public void start() {
        synchronized (lock) {
            if (supervisor != null) {
                throw new IllegalStateException("the capture was started already");
            }
            String failure = prepare();
            supervisor = new Thread(() -> supervise(failure), "capture-supervisor");
            supervisor.start();
        }
    }

    /**
     * Makes the database ready for the connector: the publication and the tables, and, where Debezium's own
     * TypeRegistry is loaded, the guard against its empty-enum fault ({@link EmptyEnums}). Returns what stops the capture, or {@code null} when it may start.
     */
    private String prepare() {
        try {
            tables.load();
            if (EmptyEnums.faultPresent()) {
                try (Connection connection = properties.database().connect()) {
                    List<String> empty = EmptyEnums.find(connection);
                    if (!empty.isEmpty()) {
                        return EmptyEnums.problem(properties.database().name(), empty);
                    }
                }
            }
            return null;
        } catch (SQLException e) {
            return "cannot read database " + properties.database().name() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            return "cannot prepare the capture: " + describe(e);
        }
    }

    /** Runs the connector until the capture is closed, starting it again after each stop. */
    private void supervise(String firstFailure) {
        int failures = 0;
        String failure = firstFailure;
        while (true) {
            Instant began = clock.instant();
            if (failure == null) {
                failure = run(failures);
            }
            synchronized (lock) {
                if (closing) {
                    return;
                }
            }
            if (Duration.between(began, clock.instant()).compareTo(STABLE_RUN) >= 0) {
                failures = 0;
            }
            failures++;
            Duration wait = Duration.ofMillis(backoff.apply(failures));
            status.stopped(failure, failures, clock.instant().plus(wait));
            LOG.error("Capture stopped: {}; restarting in {} s (attempt {})", failure,
                    wait.toMillis() / 1000.0, failures);
            if (!pause(wait)) {
                return;
            }
            restarts.increment();
            status.starting(failures);
            failure = prepare();
        }
    }

    /** Waits, unless the capture is closed first; whether to go on. */
    private boolean pause(Duration wait) {
        synchronized (lock) {
            long deadline = System.nanoTime() + wait.toNanos();
            while (!closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    /** Runs the connector in this thread until it stops; what stopped it, or {@code null} when it was closed. */
    private String run(int failures) {
        AtomicReference<String> stopped = new AtomicReference<>();
        DebeziumEngine<RecordChangeEvent<SourceRecord>> current = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(debeziumProperties())
                .notifying(batches::handle)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        status.running();
                        LOG.info("Capture {}: slot {}, publication {}, tables {}", failures == 0 ? "started"
                                : "running again", properties.slotName(), properties.publicationName(), tables.names());
                    }
                })
                .using((success, message, error) -> stopped.set(success && error == null
                        ? "the connector stopped: " + message
                        : "the connector failed: " + describe(error == null ? new IllegalStateException(message) : error)))
                .build();
        synchronized (lock) {
            if (closing) {
                return null;
            }
            engine = current;
        }
        try {
            current.run();
        } catch (RuntimeException e) {
            stopped.compareAndSet(null, "the connector failed: " + describe(e));
        } finally {
            synchronized (lock) {
                engine = null;
            }
        }
        String reason = stopped.get();
        return reason == null ? "the connector stopped" : reason;
    }

    /**
     * An error as one line: its message, then the innermost cause that has one (Debezium wraps a driver's or its
     * own error in several layers, and the innermost says what happened), or where a message-less error was thrown.
     */
    static String describe(Throwable error) {
        Throwable innermost = error;
        Throwable explained = null;
        for (Throwable cause = error.getCause(); cause != null && cause != innermost; cause = cause.getCause()) {
            innermost = cause;
            if (cause.getMessage() != null) {
                explained = cause;
            }
        }
        Throwable shown = explained != null ? explained : innermost;
        String text = message(error);
        if (shown != error) {
            text += "; caused by " + shown.getClass().getSimpleName() + ": " + message(shown);
        }
        return text;
    }

    private static String message(Throwable error) {
        if (error.getMessage() != null) {
            return error.getMessage().strip().replaceAll("\\s*\\n\\s*", " ");
        }
        StackTraceElement[] trace = error.getStackTrace();
        return error.getClass().getSimpleName() + (trace.length == 0 ? ""
                : " at " + trace[0].getClassName().substring(trace[0].getClassName().lastIndexOf('.') + 1) + "."
                        + trace[0].getMethodName());
    }

    /** Stops a running connector; Debezium refuses while its task starts, so that is waited for. */
    private static void stop(DebeziumEngine<RecordChangeEvent<SourceRecord>> current) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                current.close();
                return;
            } catch (IllegalStateException e) {
                // "Cannot stop engine while tasks are starting": wait for the task; stopping or stopped: done.
                if (!String.valueOf(e.getMessage()).contains("starting") || System.nanoTime() > deadline) {
                    return;
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        Thread running;
        DebeziumEngine<RecordChangeEvent<SourceRecord>> current;
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
            running = supervisor;
            current = engine;
        }
        try {
            if (current != null) {
                stop(current);
            }
            if (running != null) {
                running.join(Duration.ofSeconds(30).toMillis());
            }
        } catch (Exception e) {
            LOG.warn("Capture did not stop cleanly: {}", e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            status.closed();
            producer.close(Duration.ofSeconds(10));
            if (ownsTables) {
                tables.close();
            }
        }
    }
}
