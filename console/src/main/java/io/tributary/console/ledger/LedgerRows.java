package io.tributary.console.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.Secrets;
import io.tributary.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Turns a batch of records from Tributary's topics into ledger rows: an event from {@code events}, a delivery (and
 * its event) from a handler topic, an attempt from {@code deliveries}, a dead letter (and the event it carries, when
 * it carries one) from any {@code -dlt} topic. Retry topics hold copies of deliveries already read and are skipped.
 * Dead-letter headers are read with the model's {@link DeadLetterHeaders}, in either encoding. A record that cannot be read is counted in {@link Batch#unreadable()} with its coordinates and reason, never
 * dropped silently. Pure; thread-safe.
 */
public final class LedgerRows {

    /**
     * An event as the ledger keeps it: {@code attributes} is its envelope without {@code data} (kept apart, so that
     * the retention can clear the payload and leave the rest).
     */
    public record EventRow(String eventId, String tenant, String type, String source, String table, String recordId,
            String operation, Instant at, String data, String subject, String attributes) {
    }

    /** A delivery of an event to a subscription. */
    public record DeliveryRow(String deliveryId, String eventId, String subscriptionId, String subscriptionName,
            String tenant, String handlerType, String endpointHost, String eventType, String table, String recordId,
            Instant at, String recordKey, String subscriptionConfig, String kafkaTopic, int kafkaPartition,
            long kafkaOffset) {
    }

    /** One attempt of a delivery, with the dimensions a search of attempts needs (absent from older records). */
    public record AttemptRow(String deliveryId, int attempt, Instant at, String subscriptionId, String eventId,
            String outcome, int httpStatus, long latencyMs, String endpointHost, String error, String responseBody,
            String tenant, String subscriptionName, String eventType, String table, String recordId,
            String recordKey, String request) {
    }

    /** A dead letter, with its provenance. */
    public record DeadLetterRow(String topic, int partition, long offset, Instant at, String reason, String reasonCode,
            String exception, Integer lastStatus, String originalTopic, Integer originalPartition, Long originalOffset,
            String tenant, String eventId, String deliveryId, String subscriptionId, String eventType, int valueBytes) {
    }

    /** A record that could not be read: where it is and why. */
    public record Unreadable(String topic, int partition, long offset, String reason) {
    }

    /** The rows of one batch of records. */
    public record Batch(List<EventRow> events, List<DeliveryRow> deliveries, List<AttemptRow> attempts,
            List<DeadLetterRow> deadLetters, List<Unreadable> unreadable) {
    }

    private final Topics topics;

    public LedgerRows(Topics topics) {
        this.topics = topics;
    }

    /** The rows of a batch; the records are read in order and none is left out without a reason. */
    public Batch read(List<ConsumerRecord<String, String>> records) {
        Batch batch = new Batch(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        for (ConsumerRecord<String, String> record : records) {
            try {
                readOne(record, batch);
            } catch (RuntimeException e) {
                batch.unreadable().add(new Unreadable(record.topic(), record.partition(), record.offset(),
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        return batch;
    }

    private void readOne(ConsumerRecord<String, String> record, Batch batch) {
        String topic = record.topic();
        if (topic.endsWith("-dlt")) {
            batch.deadLetters().add(deadLetter(record, batch));
        } else if (topic.equals(topics.events())) {
            batch.events().add(event(EventEnvelope.fromJson(parse(record)), Instant.ofEpochMilli(record.timestamp())));
        } else if (topic.equals(topics.deliveries())) {
            batch.attempts().add(attempt(parse(record)));
        } else if (topic.startsWith(topics.handlerPrefix()) && !topic.contains("-retry")) {
            Delivery delivery = Delivery.fromJson(parse(record));
            batch.deliveries().add(delivery(delivery, record));
            batch.events().add(event(delivery.event(), Instant.ofEpochMilli(record.timestamp())));
        }
    }

    private static JsonNode parse(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            throw new IllegalArgumentException("the record has no value");
        }
        return Json.parse(record.value());
    }

    static EventRow event(EventEnvelope event, Instant fallback) {
        JsonNode subject = event.filterSubject();
        ObjectNode attributes = event.toJson();
        attributes.remove("data");
        return new EventRow(event.id(), event.tenant(), event.type(), event.source(), event.table(), event.recordId(),
                event.operation() == null ? null : event.operation().name(), time(event.time(), fallback),
                event.data() == null ? null : Json.write(event.data()), subject == null ? null : Json.write(subject),
                Json.write(attributes));
    }

    /**
     * The envelope of a stored event: its {@code attributes} with its {@code data} (absent once the retention cleared
     * it); for an event stored before the ledger kept attributes, rebuilt from the columns every event has.
     * {@code null} when there is no event ({@code id} is {@code null}) or what is stored is no longer a valid envelope.
     */
    public static EventEnvelope envelope(String id, String attributes, String data, String source, String type,
            String tenant, Instant at) {
        if (id == null) {
            return null;
        }
        ObjectNode json;
        if (attributes != null) {
            json = (ObjectNode) Json.parse(attributes);
        } else {
            json = Json.mapper().createObjectNode();
            json.put("specversion", EventEnvelope.SPEC_VERSION).put("id", id).put("source", source).put("type", type)
                    .put("time", at.toString());
            if (tenant != null) {
                json.put("tenant", tenant);
            }
        }
        if (data != null) {
            json.set("data", Json.parse(data));
        }
        try {
            return EventEnvelope.fromJson(json);
        } catch (RuntimeException invalid) {
            return null;
        }
    }

    DeliveryRow delivery(Delivery delivery, ConsumerRecord<String, String> record) {
        EventEnvelope event = delivery.event();
        String handlerType = record.topic().substring(topics.handlerPrefix().length());
        return new DeliveryRow(delivery.deliveryId(), event.id(), delivery.subscription().id(),
                delivery.subscription().name(), event.tenant(), handlerType,
                endpointHost(delivery.subscription()), event.type(), event.table(),
                event.recordId(), time(event.time(), Instant.ofEpochMilli(record.timestamp())),
                record.key() != null ? record.key() : delivery.recordKey(),
                Json.write(Secrets.redact(delivery.subscription().config())), record.topic(), record.partition(),
                record.offset());
    }

    static AttemptRow attempt(JsonNode json) {
        String deliveryId = requiredText(json, "deliveryId");
        JsonNode attempt = json.get("attempt");
        if (attempt == null || !attempt.canConvertToInt()) {
            throw new IllegalArgumentException("attempt: is required, a number");
        }
        String at = requiredText(json, "at");
        return new AttemptRow(deliveryId, attempt.intValue(), time(at, null), text(json, "subscriptionId"),
                text(json, "eventId"), requiredText(json, "outcome"), json.path("httpStatus").asInt(0),
                json.path("latencyMs").asLong(0), text(json, "endpointHost"), text(json, "error"),
                text(json, "responseBody"), text(json, "tenant"), text(json, "subscriptionName"),
                text(json, "eventType"), text(json, "table"), text(json, "recordId"), text(json, "recordKey"),
                json.path("request").isObject() ? Json.write(json.get("request")) : null);
    }

    private static DeadLetterRow deadLetter(ConsumerRecord<String, String> record, Batch batch) {
        String tenant = null;
        String eventId = null;
        String deliveryId = DeadLetterHeaders.lastText(record.headers(), DeadLetterHeaders.DELIVERY_ID);
        String subscriptionId = DeadLetterHeaders.lastText(record.headers(), DeadLetterHeaders.SUBSCRIPTION_ID);
        String eventType = null;
        JsonNode value = null;
        try {
            value = record.value() == null ? null : Json.parse(record.value());
        } catch (RuntimeException notJson) {
            // A dead letter's value may be any bytes (that can be why it is one): its provenance is still kept.
        }
        EventEnvelope event = null;
        if (value != null && value.isObject()) {
            try {
                if (value.has("deliveryId") && value.has("event")) {
                    Delivery delivery = Delivery.fromJson(value);
                    deliveryId = delivery.deliveryId();
                    subscriptionId = delivery.subscription().id();
                    event = delivery.event();
                } else if (value.has("specversion")) {
                    event = EventEnvelope.fromJson(value);
                }
            } catch (RuntimeException invalid) {
                // An invalid delivery or event is a reason to dead-letter it; it is kept with what its headers say.
            }
        }
        if (event != null) {
            tenant = event.tenant();
            eventId = event.id();
            eventType = event.type();
            batch.events().add(event(event, Instant.ofEpochMilli(record.timestamp())));
        }
        Headers headers = record.headers();
        String reason = DeadLetterHeaders.lastText(headers, DeadLetterHeaders.REASON);
        Integer status = status(DeadLetterHeaders.lastText(headers, DeadLetterHeaders.LAST_STATUS));
        return new DeadLetterRow(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                reason != null ? reason : DeadLetterHeaders.lastText(headers, DeadLetterHeaders.EXCEPTION_MESSAGE),
                DeadLetterHeaders.lastText(headers, DeadLetterHeaders.REASON_CODE),
                DeadLetterHeaders.lastText(headers, DeadLetterHeaders.EXCEPTION_FQCN),
                status,
                DeadLetterHeaders.lastText(headers, DeadLetterHeaders.ORIGINAL_TOPIC),
                DeadLetterHeaders.originalPartition(headers), DeadLetterHeaders.originalOffset(headers),
                tenant, eventId, deliveryId, subscriptionId, eventType,
                record.value() == null ? 0 : record.value().getBytes(StandardCharsets.UTF_8).length);
    }

    /** The host of an endpoint URL, or {@code null} when there is none or it is not a URL. */
    /**
     * The host a webhook delivery goes to, from its compiled config; {@code null} for other handler types and for a
     * config the dispatcher refuses (the ledger records such a delivery all the same).
     */
    static String endpointHost(Delivery.SubscriptionRef subscription) {
        if (!"WEBHOOK".equals(subscription.type())) {
            return null;
        }
        try {
            return subscription.webhookConfig().url().getHost();
        } catch (InvalidInputException invalid) {
            return null;
        }
    }

    /** An ISO-8601 time cut to PostgreSQL's microseconds, or {@code fallback} when absent or unreadable. */
    static Instant time(String text, Instant fallback) {
        if (text != null) {
            try {
                return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);
            } catch (DateTimeParseException e) {
                if (fallback == null) {
                    throw new IllegalArgumentException("at: '" + text + "' is not an ISO-8601 time");
                }
            }
        }
        if (fallback == null) {
            throw new IllegalArgumentException("time: is required");
        }
        return fallback;
    }

    private static String requiredText(JsonNode json, String field) {
        String value = text(json, field);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + ": is required");
        }
        return value;
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The last HTTP status as the dispatcher writes it, decimal text; {@code null} when absent or unreadable. */
    private static Integer status(String text) {
        if (text == null || !text.strip().matches("[0-9]{1,3}")) {
            return null;
        }
        return Integer.valueOf(text.strip());
    }
}
