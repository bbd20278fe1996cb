package io.tributary.router.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.Secrets;
import io.tributary.model.Subscription;
import io.tributary.router.index.QuarantinedSubscription;
import io.tributary.router.index.SubscriptionIndex;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;
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

    private static final int PREVIEW_CHARS = 200;
    private static final Pattern WEBHOOK_SECRET = Pattern.compile("whsec_[A-Za-z0-9+/=]*");
    private static final Pattern CREDENTIAL = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+");
    private static final Pattern SECRET_VALUE = Pattern.compile(
            "(?i)(\"[^\"]*(?:secret|password|token|authorization|api[-_]?key)[^\"]*\"\\s*:\\s*)\"[^\"]*\"");

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
            // The reason (a parser's message quotes the text it stopped at) and the preview are shown by the
            // admin API and logged: neither may carry a secret or a credential header.
            String reason = maskSecrets(e instanceof InvalidInputException ? e.getMessage()
                    : "not JSON: " + e.getMessage());
            String preview = preview(value);
            // The restored store is applied on start after Kafka Streams may have passed its records through
            // process() already: a record seen again is not quarantined (or counted) twice.
            if (index.quarantine(new QuarantinedSubscription(id, reason, preview, Instant.now()))) {
                counters.quarantined.incrementAndGet();
                LOG.warn("Quarantined subscription {}: {}", id, reason);
            }
        }
    }

    /** The start of a record, secrets masked: by key at any depth when it is JSON, by their shape when not. */
    static String preview(byte[] value) {
        String text;
        try {
            ObjectNode holder = Json.mapper().createObjectNode();
            holder.set("record", Json.mapper().readTree(value));
            text = Json.write(Secrets.redact(holder).get("record"));
        } catch (java.io.IOException | RuntimeException notJson) {
            text = new String(value, StandardCharsets.UTF_8);
        }
        // Masked before it is cut, so that a cut cannot keep the start of a secret its pattern no longer finds.
        String masked = maskSecrets(text.substring(0, Math.min(text.length(), 16 * PREVIEW_CHARS)));
        return masked.substring(0, Math.min(masked.length(), PREVIEW_CHARS));
    }

    /** Masks what looks like a secret in free text: webhook secrets, bearer and basic credentials, secret-named values. */
    static String maskSecrets(String text) {
        return SECRET_VALUE.matcher(CREDENTIAL.matcher(WEBHOOK_SECRET.matcher(text).replaceAll("whsec_…"))
                .replaceAll("$1 …")).replaceAll("$1\"…\"");
    }
}
