package io.tributary.webhook.body;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.WebhookConfig;
import java.io.IOException;
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
 *       plus {@code event}, {@code subscription} and {@code deliveryId}; values are escaped for JSON strings
 *       ({@link #escapeJsonString}), so {@code {"text": "Order {{new.id}} is {{new.status}}"}} stays valid JSON
 *       whatever the values hold.</li>
 * </ul>
 * Every body is UTF-8 JSON whatever the event holds: control characters are escaped, and a lone UTF-16
 * surrogate (which JSON escapes can carry though it is no character) is written as its <code>&#92;uXXXX</code>
 * escape, as JavaScript's {@code JSON.stringify} does, so nothing is lost and no byte is invalid UTF-8. A rendered
 * template is parsed before it is sent: one that is not a JSON text (a value placed outside a string, a raw control
 * character in the template's own text) is a {@link BodyException} naming {@code config.template}, dead-lettered
 * with that reason, never sent. Compiled templates are cached. Thread-safe.
 */
public final class WebhookBodies {

    private static final Mustache.Compiler COMPILER = Mustache.compiler()
            .withEscaper(WebhookBodies::escapeJsonString)
            .defaultValue("");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Map<String, Template> templates = new ConcurrentHashMap<>();

    /**
     * The body bytes of a delivery; throws {@link BodyException} when its template cannot be rendered, and
     * {@link io.tributary.model.InvalidInputException} when its subscription's config is not a webhook's.
     */
    public byte[] render(Delivery delivery) {
        WebhookConfig config = delivery.subscription().webhookConfig();
        return switch (config.format()) {
            case CLOUDEVENTS -> utf8Json(delivery.event().toJson());
            case TEMPLATE -> checkedJson(utf8(template(config.template(), delivery)));
            case DEFAULT -> utf8Json(defaultBody(delivery.event()));
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

    /**
     * A value escaped for use inside a JSON string: {@code "} and <code>&#92;</code>, every control character
     * (U+0000 to U+001F), and a lone surrogate as its <code>&#92;uXXXX</code> escape; everything else, surrogate
     * pairs included, as it is.
     */
    static String escapeJsonString(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 16);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < raw.length()
                            && Character.isLowSurrogate(raw.charAt(i + 1))) {
                        out.append(c).append(raw.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** UTF-8 of a text, a lone surrogate written as its JSON escape (valid only inside a JSON string). */
    static byte[] utf8(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                unicodeEscape(out, c);
            } else if (out != null) {
                out.append(c);
            }
        }
        return (out == null ? text : out.toString()).getBytes(StandardCharsets.UTF_8);
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
    }

    private static byte[] utf8Json(JsonNode node) {
        return utf8(Json.write(node));
    }

    /** The rendered template's bytes when they are one JSON text; a {@link BodyException} saying why not. */
    private static byte[] checkedJson(byte[] body) {
        String hint = "; values are escaped for use inside JSON strings, so put each {{value}} inside quotes";
        try {
            // The shared mapper reads strictly: no comments, no trailing tokens, no raw control characters.
            if (Json.mapper().readTree(body).isMissingNode()) {
                throw new BodyException("config.template rendered no JSON value" + hint, null);
            }
            return body;
        } catch (IOException e) {
            String where = e instanceof JsonProcessingException p && p.getLocation() != null
                    ? " at line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr() : "";
            String reason = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw new BodyException("config.template rendered text that is not JSON" + where + ": " + reason + hint,
                    e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(JsonNode node) {
        return Json.mapper().convertValue(node, Map.class);
    }

    /** A request that cannot be made (its body or its configured headers): a permanent failure, never retried. */
    public static final class BodyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
