package io.tributary.webhook.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The body of a webhook, by the subscription's {@code config.format}:
 * <ul>
 *   <li>{@code default}: {@code {"id", "type", "tenant", "table", "operation", "recordId", "new", "old",
 *       "timestamp"}}, the format receivers written for the original system expect; {@code id} is the event id,
 *       and an application event's {@code data} is its {@code new};</li>
 *   <li>{@code cloudevents}: the event envelope itself;</li>
 *   <li>{@code template}: {@code config.template} rendered with Mustache over the fields of the default body
 *       plus {@code event}, {@code subscription} and {@code deliveryId}; values are escaped for JSON strings, so
 *       {@code {"text": "Order {{new.id}} is {{new.status}}"}} stays valid JSON whatever the values hold.</li>
 * </ul>
 * Compiled templates are cached. Thread-safe.
 */
public final class WebhookBodies {

    private static final Mustache.Compiler COMPILER = Mustache.compiler()
            .withEscaper(Escapers.simple(new String[][] {
                {"\\", "\\\\"}, {"\"", "\\\""}, {"\n", "\\n"}, {"\r", "\\r"}, {"\t", "\\t"}, {"\b", "\\b"}, {"\f", "\\f"}}))
            .defaultValue("");

    private final Map<String, Template> templates = new ConcurrentHashMap<>();

    /** The body bytes of a delivery; throws {@link BodyException} when its template cannot be rendered. */
    public byte[] render(Delivery delivery) {
        JsonNode config = delivery.subscription().config();
        String format = config.path("format").asText("default");
        return switch (format) {
            case "cloudevents" -> Json.write(delivery.event().toJson()).getBytes(StandardCharsets.UTF_8);
            case "template" -> template(config.path("template").asText(), delivery).getBytes(StandardCharsets.UTF_8);
            default -> Json.write(defaultBody(delivery.event())).getBytes(StandardCharsets.UTF_8);
        };
    }

    static ObjectNode defaultBody(EventEnvelope event) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("id", event.id());
        body.put("type", event.type());
        body.put("tenant", event.tenant());
        body.put("table", event.table());
        body.put("operation", event.operation() == null ? null : event.operation().name());
        body.put("recordId", event.recordId());
        body.set("new", event.isRowChange() ? event.newRow() : event.data());
        body.set("old", event.oldRow());
        body.put("timestamp", event.time());
        return body;
    }

    private String template(String source, Delivery delivery) {
        Template template;
        try {
            template = templates.computeIfAbsent(source, COMPILER::compile);
        } catch (MustacheException e) {
            throw new BodyException("config.template does not compile: " + e.getMessage(), e);
        }
        Map<String, Object> context = new LinkedHashMap<>(toMap(defaultBody(delivery.event())));
        context.put("event", toMap(delivery.event().toJson()));
        context.put("subscription", toMap(delivery.subscription().toJson().without("config")));
        context.put("deliveryId", delivery.deliveryId());
        try {
            return template.execute(context);
        } catch (MustacheException e) {
            throw new BodyException("config.template cannot be rendered: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(JsonNode node) {
        return Json.mapper().convertValue(node, Map.class);
    }

    /** A body that cannot be made: a permanent failure, never retried. */
    public static final class BodyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
