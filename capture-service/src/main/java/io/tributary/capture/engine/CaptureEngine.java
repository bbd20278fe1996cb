package io.tributary.capture.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.capture.config.CaptureProperties;
import io.tributary.capture.convert.ChangeEventConverter;
import io.tributary.capture.convert.SubscriptionRows;
import io.tributary.capture.tables.CaptureTables;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Topics;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.debezium.embedded.Connect;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debezium's embedded PostgreSQL connector ({@code pgoutput}) writing every row change to
 * {@code tributary.events}. A batch's position is committed only after Kafka acknowledged every event of it
 * ({@code acks=all}), and the position itself is kept in a compacted Kafka topic: a crash or a move to another
 * host re-reads at most the last batch, and a re-read change keeps its id. Not thread-safe: start once, close once.
 */
public final class CaptureEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureEngine.class);

    private final CaptureProperties properties;
    private final CaptureTables tables;
    private final boolean ownsTables;
    private final String bootstrapServers;
    private final String eventsTopic;
    private final String subscriptionsTopic;
    private final SubscriptionRows subscriptionRows;
    private final ChangeEventConverter converter;
    private final KafkaProducer<String, byte[]> producer;
    private final Counter captured;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "capture-engine"));
    private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;

    /** A capture of the configured tables and those attached on the tables topic. */
    public CaptureEngine(CaptureProperties properties, String bootstrapServers, MeterRegistry registry) {
        this(properties, new CaptureTables(properties, bootstrapServers), true, bootstrapServers, registry);
    }

    /** A capture of the given tables, which the caller keeps and closes. */
    public CaptureEngine(CaptureProperties properties, CaptureTables tables, String bootstrapServers,
            MeterRegistry registry) {
        this(properties, tables, false, bootstrapServers, registry);
    }

    private CaptureEngine(CaptureProperties properties, CaptureTables tables, boolean ownsTables,
            String bootstrapServers, MeterRegistry registry) {
        this.properties = properties;
        this.tables = tables;
        this.ownsTables = ownsTables;
        this.bootstrapServers = bootstrapServers;
        this.eventsTopic = new Topics(properties.topicPrefix()).events();
        this.subscriptionsTopic = new Topics(properties.topicPrefix()).subscriptions();
        this.subscriptionRows = properties.subscriptionTable() == null ? null
                : new SubscriptionRows(properties.subscriptionTable());
        this.converter = new ChangeEventConverter(properties.database().name(), tables.tenantColumns(),
                Set.of(properties.signalTable()));
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer());
        this.captured = Counter.builder("tributary.capture.events").description("row changes written to the events topic")
                .register(registry);
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
        props.putAll(properties.debezium());
        return props;
    }

    public synchronized void start() {
        tables.load();
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(debeziumProperties())
                .notifying(this::handleBatch)
                .using((success, message, error) -> {
                    if (!success) {
                        LOG.error("Capture stopped: {}", message, error);
                    } else {
                        LOG.info("Capture stopped: {}", message);
                    }
                })
                .build();
        executor.execute(engine);
        LOG.info("Capture started: slot {}, publication {}, tables {}", properties.slotName(),
                properties.publicationName(), tables.names());
    }

    private void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        int events = 0;
        for (RecordChangeEvent<SourceRecord> record : records) {
            if (subscriptionRows != null && subscriptionRows.covers(record.record())) {
                subscriptionRows.mirror(record.record()).ifPresentOrElse(
                        mirror -> sends.add(producer.send(new ProducerRecord<>(subscriptionsTopic, mirror.id(),
                                mirror.json() == null ? null : mirror.json().getBytes(StandardCharsets.UTF_8)))),
                        () -> LOG.warn("TRUNCATE of {} is not mirrored: delete subscription rows instead",
                                properties.subscriptionTable()));
                continue;
            }
            EventEnvelope event = converter.convert(record.record());
            if (event != null) {
                byte[] value = Json.write(event.toJson()).getBytes(StandardCharsets.UTF_8);
                sends.add(producer.send(new ProducerRecord<>(eventsTopic, event.recordKey(), value)));
                events++;
            }
        }
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                // Stop without committing: the next start reads this batch again.
                throw new IllegalStateException("could not write a captured change to " + eventsTopic + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        }
        captured.increment(events);
        for (RecordChangeEvent<SourceRecord> record : records) {
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
    }

    @Override
    public synchronized void close() {
        try {
            if (engine != null) {
                engine.close();
            }
            executor.shutdown();
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Capture did not stop cleanly: {}", e.getMessage());
        } finally {
            producer.close(Duration.ofSeconds(10));
            if (ownsTables) {
                tables.close();
            }
        }
    }
}
