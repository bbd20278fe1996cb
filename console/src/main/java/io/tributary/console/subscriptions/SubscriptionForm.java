package io.tributary.console.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import io.tributary.model.Operation;
import io.tributary.model.Secrets;
import io.tributary.model.Subscription;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator console's subscription form, as typed: every field of a subscription, the webhook's URL on its own
 * and the rest of its config as JSON. {@link #toJson} makes the subscription JSON the store validates; a config is
 * shown with its secrets masked ({@link Secrets}), and a masked value sent back unchanged keeps the value it masks,
 * so an edit never needs (or reveals) a secret. {@link #fieldErrors} puts each validation problem on the form
 * field it is about. Immutable.
 *
 * @param tenant     blank for a global subscription
 * @param operations for a table: INSERT, UPDATE, DELETE... separated by commas or spaces; blank for the default
 * @param url        a webhook's {@code config.url}
 * @param config     the rest of the config, a JSON object (for a webhook without {@code url})
 */
public record SubscriptionForm(String tenant, String name, String type, String eventType, String table,
        String operations, String url, String config, String filter, String where, String cooldown) {

    /** The form fields, each validation path maps onto one of these or onto the top of the form ({@code ""}). */
    static final Set<String> FIELDS = Set.of("tenant", "name", "type", "eventType", "table", "operations", "url",
            "config", "filter", "where", "cooldown");

    /** The form of a new webhook subscription. */
    public static SubscriptionForm blank() {
        return new SubscriptionForm("", "", "WEBHOOK", "", "", "", "https://", "{}", "", "", "");
    }

    /**
     * A webhook URL as the console shows it: its query masked ({@code ?…}), since a query may hold a token, as the
     * webhook dispatcher's records and {@code WebhookConfig.toString} mask it.
     */
    public static String maskedUrl(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        int fragment = url.indexOf('#', query);
        return url.substring(0, query) + "?…" + (fragment < 0 ? "" : url.substring(fragment));
    }

    /** The form of a subscription as it is, secrets masked. */
    public static SubscriptionForm of(Subscription s) {
        ObjectNode config = Secrets.redact(s.config());
        String url = "";
        if (webhook(s.type())) {
            url = maskedUrl(config.path("url").asText(""));
            config.remove("url");
        }
        return new SubscriptionForm(Objects.toString(s.tenant(), ""), s.name(), s.type(),
                Objects.toString(s.eventType(), ""), Objects.toString(s.table(), ""), s.table() == null ? ""
                : s.operations().stream().map(Operation::name).collect(Collectors.joining(", ")), url,
                pretty(config), s.filter() == null ? "" : pretty(s.filter()),
                s.where() == null ? "" : pretty(s.where()), s.cooldown() == null ? "" : s.cooldown().toString());
    }

    /**
     * The subscription JSON of this form; {@code current} is the subscription it edits ({@code null} for a new one):
     * its id, its {@code active} and the secrets the form shows masked are kept.
     *
     * @param problems receives what is wrong before validation (a field that is not JSON), each on its path
     */
    public ObjectNode toJson(Subscription current, List<FieldError> problems) {
        ObjectNode json = Json.mapper().createObjectNode();
        if (current != null) {
            json.put("id", current.id());
        }
        json.put("name", strip(name));
        if (!blank(tenant)) {
            json.put("tenant", tenant.strip());
        }
        if (!blank(eventType)) {
            json.put("eventType", eventType.strip());
        }
        if (!blank(table)) {
            json.put("table", table.strip());
        }
        if (!blank(operations)) {
            ArrayNode ops = json.putArray("operations");
            for (String op : operations.strip().split("[,\\s]+")) {
                ops.add(op.toUpperCase(java.util.Locale.ROOT));
            }
        }
        String handler = strip(type);
        json.put("type", handler);
        JsonNode configJson = parse(config, "config", problems);
        ObjectNode configObject;
        if (configJson == null) {
            configObject = Json.mapper().createObjectNode();
        } else if (configJson.isObject()) {
            configObject = (ObjectNode) configJson;
        } else {
            problems.add(new FieldError("config", "must be a JSON object of the handler's settings"));
            configObject = Json.mapper().createObjectNode();
        }
        if (current != null) {
            configObject = (ObjectNode) restoreMasked(configObject, Secrets.redact(current.config()), current.config());
        }
        if (webhook(handler)) {
            if (configObject.has("url")) {
                problems.add(new FieldError("config", "holds url: give the URL in its own field"));
            }
            String given = strip(url);
            String currentUrl = current == null ? null : current.config().path("url").asText(null);
            // The URL shown with its query masked, sent back unchanged, keeps the query it had.
            configObject.put("url", currentUrl != null && given.equals(maskedUrl(currentUrl)) ? currentUrl : given);
        }
        json.set("config", configObject);
        setJson(json, "filter", filter, problems);
        setJson(json, "where", where, problems);
        if (!blank(cooldown)) {
            json.put("cooldown", cooldown.strip());
        }
        json.put("active", current == null || current.active());
        return json;
    }

    /** The filter as typed, {@code null} when blank; a problem on {@code filter} when it is not JSON. */
    public JsonNode filterJson(List<FieldError> problems) {
        return parse(filter, "filter", problems);
    }

    /** The where as typed, {@code null} when blank; a problem on {@code where} when it is not JSON. */
    public JsonNode whereJson(List<FieldError> problems) {
        return parse(where, "where", problems);
    }

    /**
     * Each problem on the form field it is about ({@code config.url...} on {@code url}, {@code operations[1]} on
     * {@code operations}, {@code filter.status} on {@code filter}...), several joined with "; "; a problem of no
     * field ({@code id}, the whole document) under {@code ""}, with its path.
     */
    public static Map<String, String> fieldErrors(List<FieldError> errors) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (FieldError e : errors) {
            String path = e.path();
            String head = path.split("[.\\[]", 2)[0];
            String field = path.equals("config.url") || path.startsWith("config.url.") ? "url"
                    : FIELDS.contains(head) ? head : "";
            String text = path.isEmpty() || path.equals(field) || path.equals("config.url") ? e.reason()
                    : path + " " + e.reason();
            byField.merge(field, text, (a, b) -> a + "; " + b);
        }
        return byField;
    }

    /**
     * The submitted value, where each part that equals the masked form of the current value is the current value
     * again: an unchanged masked secret keeps the secret; a changed one is taken as typed.
     */
    static JsonNode restoreMasked(JsonNode submitted, JsonNode masked, JsonNode current) {
        if (submitted == null || masked == null || current == null) {
            return submitted;
        }
        if (submitted.equals(masked)) {
            return current.deepCopy();
        }
        if (submitted.isObject() && masked.isObject() && current.isObject()) {
            ObjectNode copy = ((ObjectNode) submitted).deepCopy();
            for (Iterator<String> it = submitted.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                copy.set(field, restoreMasked(submitted.get(field), masked.get(field), current.get(field)));
            }
            return copy;
        }
        return submitted;
    }

    private static String pretty(JsonNode json) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void setJson(ObjectNode json, String field, String text, List<FieldError> problems) {
        JsonNode value = parse(text, field, problems);
        if (value != null) {
            json.set(field, value);
        }
    }

    private static JsonNode parse(String text, String field, List<FieldError> problems) {
        if (blank(text)) {
            return null;
        }
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldError(field, "is " + e.getMessage().split("\n")[0]));
            return null;
        }
    }

    static boolean webhook(String type) {
        return "WEBHOOK".equals(type);
    }

    private static String strip(String text) {
        return text == null ? "" : text.strip();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
