package io.tributary.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.handler.DeliveryFailure;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Operation;
import io.tributary.model.SyncConfig;
import io.tributary.sync.config.SyncProperties;
import io.tributary.sync.store.MappingStore;
import io.tributary.sync.store.SourceRows;
import io.tributary.sync.target.SyncTarget;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery of a {@code SYNC} (or other bound) subscription: picks the target its {@code config.target} names,
 * optionally reads the row's current state, maps the fields, creates, updates or deletes the external record and
 * records where it lives in {@code external_integration_mapping}. A delivery that is not newer than the one synced
 * last for the record is skipped, so replays and duplicates create nothing twice. Thread-safe.
 */
public final class Syncer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Syncer.class);

    /** A target ready to use: its name, system, mapping and whether to read current rows. */
    public record Target(String name, SyncTarget system, FieldMapping mapping, boolean fetchCurrentRow) {
    }

    /** What a delivery did. */
    public enum Outcome { SYNCED, DELETED, SKIPPED }

    private final Map<String, Target> targets;
    private final MappingStore store;
    private final SourceRows rows;
    private final MeterRegistry meters;

    public Syncer(Map<String, Target> targets, MappingStore store, MeterRegistry meters) {
        this.targets = Map.copyOf(targets);
        this.store = store;
        this.rows = new SourceRows(store);
        this.meters = meters;
    }

    /** The targets by name. */
    public Map<String, Target> targets() {
        return targets;
    }

    public Outcome sync(Delivery delivery) {
        Target target = target(delivery);
        EventEnvelope event = delivery.event();
        String table = event.isRowChange() ? event.schema() + "." + event.table() : event.type();
        String recordId = event.recordId() != null ? event.recordId()
                : event.subject() != null ? event.subject() : event.id();
        try {
            Optional<MappingStore.Entry> last = store.find(target.name(), event.tenant(), table, recordId);
            if (last.isPresent() && !EventOrder.isNewer(event, last.get().lastEventId(), last.get().lastEventTime())) {
                count(target, Outcome.SKIPPED);
                return Outcome.SKIPPED;
            }
            boolean delete = event.operation() == Operation.DELETE;
            EventEnvelope source = event;
            if (target.fetchCurrentRow() && event.isRowChange()) {
                Optional<ObjectNode> current = rows.current(event.schema(), event.table(), recordId);
                delete = current.isEmpty();
                if (current.isPresent()) {
                    ObjectNode data = ((ObjectNode) event.data()).deepCopy();
                    data.set("new", current.get());
                    source = event.withData(data);
                }
            }
            String externalId = last.map(MappingStore.Entry::externalId).orElse(null);
            Instant time = event.time() == null ? null : Instant.parse(event.time());
            if (delete) {
                if (externalId != null && !"DELETED".equals(last.get().status())) {
                    target.system().delete(externalId);
                }
                store.save(target.name(), event.tenant(), table, recordId,
                        new MappingStore.Entry(externalId, event.id(), time, "DELETED"));
                count(target, Outcome.DELETED);
                return Outcome.DELETED;
            }
            ObjectNode fields = target.mapping().apply(source);
            String synced = target.system().upsert(
                    last.isPresent() && "DELETED".equals(last.get().status()) ? null : externalId, fields);
            store.save(target.name(), event.tenant(), table, recordId,
                    new MappingStore.Entry(synced, event.id(), time, "SYNCED"));
            count(target, Outcome.SYNCED);
            return Outcome.SYNCED;
        } catch (SQLException e) {
            LOG.warn("Sync of {} to {} could not use its database: {}", delivery.deliveryId(), target.name(),
                    e.getMessage());
            throw new DeliveryFailure.Retryable(0, "the mapping or source database failed: " + e.getMessage());
        }
    }

    /** Closes the targets that hold resources (a {@code jdbc} target's connection pool). */
    @Override
    public void close() throws Exception {
        for (Target target : targets.values()) {
            if (target.system() instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /** The target the delivery's {@code config.target} names; permanent when it names none or is invalid. */
    private Target target(Delivery delivery) {
        SyncConfig config;
        try {
            config = delivery.subscription().syncConfig();
        } catch (InvalidInputException e) {
            throw new DeliveryFailure.Permanent(0, "subscription " + delivery.subscription().id() + ": "
                    + e.getMessage() + "; configured: " + targets.keySet(), e);
        }
        Target target = targets.get(config.target());
        if (target == null) {
            throw new DeliveryFailure.Permanent(0, "subscription " + delivery.subscription().id() + ": config.target '"
                    + config.target() + "' names no target; configured: " + targets.keySet(), null);
        }
        return target;
    }

    private void count(Target target, Outcome outcome) {
        meters.counter("tributary.sync.records", "target", target.name(), "outcome", outcome.name().toLowerCase())
                .increment();
    }
}
