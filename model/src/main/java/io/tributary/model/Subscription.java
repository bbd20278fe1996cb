package io.tributary.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A subscription as docs/design.md fixes it: which events (a {@code table}'s row changes or events of an
 * {@code eventType}), for which tenant, under which {@code filter} and {@code where}, go to which handler
 * {@code type} with which {@code config}.
 *
 * <p>Build one with {@link #fromJson}, which validates with {@link SubscriptionValidator} and reports every
 * problem. {@code tenant} is {@code null} for a global subscription; exactly one of {@code table} and
 * {@code eventType} is set; {@code filter}, {@code where} and {@code cooldown} may be {@code null}.
 * Immutable; the JSON values must not be modified after construction.
 */
public record Subscription(
        String id,
        String name,
        String tenant,
        String table,
        String eventType,
        Set<Operation> operations,
        String type,
        ObjectNode config,
        JsonNode filter,
        JsonNode where,
        Duration cooldown,
        boolean active) {

    /** The operations a row-change subscription receives when it names none. */
    public static final Set<Operation> DEFAULT_OPERATIONS =
            Collections.unmodifiableSet(EnumSet.of(Operation.INSERT, Operation.UPDATE, Operation.DELETE));

    public Subscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        operations = operations == null || operations.isEmpty() ? DEFAULT_OPERATIONS
                : Collections.unmodifiableSet(EnumSet.copyOf(operations));
        config = config == null ? JsonNodeFactory.instance.objectNode() : config;
    }

    /** Reads and validates a subscription that has an id, throwing with every problem found. */
    public static Subscription fromJson(JsonNode json) {
        var errors = SubscriptionValidator.validate(json, true);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid subscription", errors);
        }
        return SubscriptionValidator.read(json);
    }

    /** The canonical JSON of this subscription (what the compacted topic holds). */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("name", name);
        json.put("tenant", tenant);
        if (table != null) {
            json.put("table", table);
        } else {
            json.put("eventType", eventType);
        }
        if (table != null) {
            ArrayNode ops = json.putArray("operations");
            operations.forEach(operation -> ops.add(operation.name()));
        }
        json.put("type", type);
        json.set("config", config);
        if (filter != null) {
            json.set("filter", filter);
        }
        if (where != null) {
            json.set("where", where);
        }
        if (cooldown != null) {
            json.put("cooldown", cooldown.toString());
        }
        json.put("active", active);
        return json;
    }

    /** The reference a {@link Delivery} carries: id, name, tenant, type and config. */
    public Delivery.SubscriptionRef reference() {
        return new Delivery.SubscriptionRef(id, name, tenant, type, config);
    }

    /**
     * The config compiled as a webhook's, once per distinct config.
     *
     * @throws InvalidInputException naming every invalid setting (not for a {@code WEBHOOK} subscription
     *                               {@link #fromJson} accepted)
     */
    public WebhookConfig webhookConfig() {
        return WebhookConfig.of(config);
    }

    /**
     * The config compiled as a sync's, once per distinct config.
     *
     * @throws InvalidInputException naming every invalid setting (not for a {@code SYNC} subscription
     *                               {@link #fromJson} accepted)
     */
    public SyncConfig syncConfig() {
        return SyncConfig.of(config);
    }

    /** A copy with {@code active} set. */
    public Subscription withActive(boolean newActive) {
        return new Subscription(id, name, tenant, table, eventType, operations, type, config, filter, where, cooldown,
                newActive);
    }

    /**
     * This subscription's JSON with every secret masked ({@code config.secret} and header values that look like
     * credentials), as APIs and logs show it.
     */
    public ObjectNode toRedactedJson() {
        ObjectNode json = toJson();
        json.set("config", Secrets.redact(config));
        return json;
    }
}
