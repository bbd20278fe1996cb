package io.tributary.router.topology;

import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.router.index.QuarantinedSubscription;
import io.tributary.router.index.SubscriptionIndex;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link SubscriptionIndex} in step with the subscriptions topic. On start it loads every subscription
 * the restored global store holds; then each record upserts, deletes (tombstone) or quarantines (invalid). An
 * invalid record never stops routing: it is logged, counted and listed with its reason.
 */
final class SubscriptionIndexer implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionIndexer.class);

    private final SubscriptionIndex index;
    private final RouterCounters counters;
    private KeyValueStore<String, byte[]> store;

    SubscriptionIndexer(SubscriptionIndex index, RouterCounters counters) {
        this.index = index;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(RouterTopology.SUBSCRIPTIONS_STORE);
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> apply(entry.key, entry.value));
        }
        LOG.info("Loaded {} subscriptions ({} quarantined)", index.size(), index.quarantined().size());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            LOG.warn("Ignored a subscription record without a key");
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        apply(record.key(), record.value());
    }

    private void apply(String id, byte[] value) {
        if (value == null) {
            index.remove(id);
            return;
        }
        try {
            Subscription subscription = Subscription.fromJson(Json.mapper().readTree(value));
            if (!subscription.id().equals(id)) {
                throw new InvalidInputException("invalid subscription", new io.tributary.model.FieldError("id",
                        "is " + subscription.id() + " but the record key is " + id));
            }
            index.upsert(subscription);
        } catch (InvalidInputException | java.io.IOException e) {
            String reason = e instanceof InvalidInputException ? e.getMessage() : "not JSON: " + e.getMessage();
            // The preview is shown by the admin API and must not leak a webhook secret.
            String preview = new String(value, 0, Math.min(value.length, 200), StandardCharsets.UTF_8)
                    .replaceAll("whsec_[A-Za-z0-9+/=]*", "whsec_…");
            index.quarantine(new QuarantinedSubscription(id, reason, preview, Instant.now()));
            counters.quarantined.incrementAndGet();
            LOG.warn("Quarantined subscription {}: {}", id, reason);
        }
    }
}
