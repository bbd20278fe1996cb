package io.tributary.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The value of a record on {@code tributary.handler.<type>}: one event for one subscription.
 * {@code deliveryId} is {@code <eventId>:<subscriptionId>}, stable across retries and replays: the key consumers
 * dedupe on. Immutable.
 */
public record Delivery(String deliveryId, SubscriptionRef subscription, EventEnvelope event) {

    public Delivery {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(event, "event");
    }

    /** The delivery of an event to a subscription. */
    public static Delivery of(EventEnvelope event, Subscription subscription) {
        return new Delivery(deliveryId(event.id(), subscription.id()), subscription.reference(), event);
    }

    /** {@code <eventId>:<subscriptionId>}. */
    public static String deliveryId(String eventId, String subscriptionId) {
        return eventId + ":" + subscriptionId;
    }

    /** The record key on the handler topic: {@code subscriptionId/eventKey}. */
    public String recordKey() {
        return RecordKeys.deliveryKey(subscription.id(), event.recordKey());
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("deliveryId", deliveryId);
        json.set("subscription", subscription.toJson());
        json.set("event", event.toJson());
        return json;
    }

    public static Delivery fromJson(JsonNode json) {
        List<FieldError> errors = new ArrayList<>();
        if (json == null || !json.isObject()) {
            throw new InvalidInputException("invalid delivery", new FieldError("", "a delivery must be a JSON object"));
        }
        JsonNode id = json.get("deliveryId");
        if (id == null || !id.isTextual() || id.textValue().isEmpty()) {
            errors.add(new FieldError("deliveryId", "is required"));
        }
        SubscriptionRef ref = null;
        JsonNode sub = json.get("subscription");
        if (sub == null || !sub.isObject()) {
            errors.add(new FieldError("subscription", "is required"));
        } else {
            ref = SubscriptionRef.fromJson(sub, errors);
        }
        EventEnvelope event = null;
        try {
            event = EventEnvelope.fromJson(json.get("event"));
        } catch (InvalidInputException e) {
            e.errors().forEach(error -> errors.add(new FieldError(
                    error.path().isEmpty() ? "event" : "event." + error.path(), error.reason())));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid delivery", errors);
        }
        return new Delivery(id.textValue(), ref, event);
    }

    /**
     * What a delivery carries of its subscription. {@code config} is the raw document, as written to and read from
     * the topic; handlers read it compiled, through {@link #webhookConfig()} or {@link #syncConfig()}.
     */
    public record SubscriptionRef(String id, String name, String tenant, String type, ObjectNode config) {

        public SubscriptionRef {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            config = config == null ? JsonNodeFactory.instance.objectNode() : config;
        }

        /**
         * The config compiled as a webhook's, once per distinct config.
         *
         * @throws InvalidInputException naming every invalid setting ({@code config.url}, ...)
         */
        public WebhookConfig webhookConfig() {
            return WebhookConfig.of(config);
        }

        /**
         * The config compiled as a sync's, once per distinct config.
         *
         * @throws InvalidInputException naming every invalid setting ({@code config.target})
         */
        public SyncConfig syncConfig() {
            return SyncConfig.of(config);
        }

        public ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("id", id);
            json.put("name", name);
            json.put("tenant", tenant);
            json.put("type", type);
            json.set("config", config);
            return json;
        }

        static SubscriptionRef fromJson(JsonNode json, List<FieldError> errors) {
            JsonNode id = json.get("id");
            JsonNode type = json.get("type");
            JsonNode config = json.get("config");
            if (id == null || !id.isTextual()) {
                errors.add(new FieldError("subscription.id", "is required"));
            }
            if (type == null || !type.isTextual()) {
                errors.add(new FieldError("subscription.type", "is required"));
            }
            if (config != null && !config.isNull() && !config.isObject()) {
                errors.add(new FieldError("subscription.config", "must be an object"));
            }
            if (id == null || !id.isTextual() || type == null || !type.isTextual()
                    || (config != null && !config.isNull() && !config.isObject())) {
                return null;
            }
            JsonNode name = json.get("name");
            JsonNode tenant = json.get("tenant");
            return new SubscriptionRef(id.textValue(), name == null || name.isNull() ? null : name.asText(),
                    tenant == null || tenant.isNull() ? null : tenant.asText(), type.textValue(),
                    config == null || config.isNull() ? null : (ObjectNode) config);
        }
    }
}
