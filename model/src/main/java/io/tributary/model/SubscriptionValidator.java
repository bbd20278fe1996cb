package io.tributary.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.filter.FilterCompiler;
import io.tributary.model.filter.WhereCompiler;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates subscription JSON where it enters Tributary (admin API, CLI, subscription table, the compacted
 * topic) and reports every problem with its field path, in the order of the document. The {@code config} of a
 * {@code WEBHOOK} or {@code SYNC} subscription is checked by the code that compiles it ({@link WebhookConfig#check},
 * {@link SyncConfig#check}). Stateless and thread-safe.
 */
public final class SubscriptionValidator {

    public static final int MAX_NAME_LENGTH = 128;
    public static final int MAX_TENANT_LENGTH = 128;
    public static final int MAX_ID_LENGTH = 128;
    public static final Duration MAX_COOLDOWN = Duration.ofDays(30);

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.:/-]*");
    static final Pattern TYPE = Pattern.compile("[A-Z][A-Z0-9_]*");
    static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");
    static final Pattern EVENT_TYPE = Pattern.compile("\\*|[A-Za-z0-9_:/-][A-Za-z0-9_.:/-]*?(\\.\\*)?");
    private static final Set<String> FIELDS = Set.of("id", "name", "tenant", "table", "eventType", "operations",
            "type", "config", "filter", "where", "cooldown", "active");

    private SubscriptionValidator() {
    }

    /**
     * Every problem of a subscription document; empty when it is valid.
     *
     * @param requireId whether {@code id} must be present (it is on the topic; the admin API assigns one)
     */
    public static List<FieldError> validate(JsonNode json, boolean requireId) {
        List<FieldError> errors = new ArrayList<>();
        if (json == null || !json.isObject()) {
            errors.add(new FieldError("", "a subscription must be a JSON object"));
            return errors;
        }
        json.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                errors.add(new FieldError(field, "unknown field; known fields are " + String.join(", ",
                        List.of("id", "name", "tenant", "table", "eventType", "operations", "type", "config",
                                "filter", "where", "cooldown", "active"))));
            }
        });
        checkText(json, "id", requireId, MAX_ID_LENGTH, ID, "letters, digits and _ . : - (starting with a letter"
                + " or digit)", errors);
        checkText(json, "name", true, MAX_NAME_LENGTH, NAME, "letters, digits, spaces and _ . : / -", errors);
        JsonNode tenant = json.get("tenant");
        if (tenant != null && !tenant.isNull()) {
            checkText(json, "tenant", false, MAX_TENANT_LENGTH, null, null, errors);
        }
        checkSelection(json, errors);
        String type = checkText(json, "type", true, 64, TYPE, "upper-case letters, digits and _ starting with a"
                + " letter, such as WEBHOOK or SYNC", errors);
        JsonNode config = json.get("config");
        if (config != null && !config.isNull() && !config.isObject()) {
            errors.add(new FieldError("config", "must be an object"));
        } else if ("WEBHOOK".equals(type)) {
            errors.addAll(WebhookConfig.check(config));
        } else if ("SYNC".equals(type)) {
            errors.addAll(SyncConfig.check(config));
        }
        JsonNode filter = json.get("filter");
        if (filter != null && !filter.isNull()) {
            errors.addAll(FilterCompiler.check(filter, "filter"));
        }
        JsonNode where = json.get("where");
        if (where != null && !where.isNull()) {
            errors.addAll(WhereCompiler.check(where, "where"));
        }
        checkCooldown(json.get("cooldown"), errors);
        JsonNode active = json.get("active");
        if (active != null && !active.isNull() && !active.isBoolean()) {
            errors.add(new FieldError("active", "must be true or false"));
        }
        return errors;
    }

    /** Builds a subscription from JSON that {@link #validate} accepted. */
    static Subscription read(JsonNode json) {
        Set<Operation> operations = EnumSet.noneOf(Operation.class);
        JsonNode ops = json.get("operations");
        if (ops != null && ops.isArray()) {
            ops.forEach(op -> operations.add(Operation.fromName(op.textValue())));
        }
        JsonNode config = json.get("config");
        JsonNode cooldown = json.get("cooldown");
        JsonNode active = json.get("active");
        return new Subscription(
                textOrNull(json, "id"),
                textOrNull(json, "name"),
                textOrNull(json, "tenant"),
                textOrNull(json, "table"),
                textOrNull(json, "eventType"),
                operations,
                textOrNull(json, "type"),
                config == null || config.isNull() ? null : (ObjectNode) config,
                nullIfJsonNull(json.get("filter")),
                nullIfJsonNull(json.get("where")),
                cooldown == null || cooldown.isNull() ? null : Duration.parse(cooldown.textValue()),
                active == null || active.isNull() || active.booleanValue());
    }

    private static void checkSelection(JsonNode json, List<FieldError> errors) {
        boolean hasTable = present(json, "table");
        boolean hasEventType = present(json, "eventType");
        if (hasTable == hasEventType) {
            errors.add(new FieldError(hasTable ? "eventType" : "table",
                    hasTable ? "give either table or eventType, not both"
                            : "give either table (row changes) or eventType (events such as invoice.*)"));
        }
        if (hasTable) {
            checkText(json, "table", true, 128, TABLE, "a table name or schema.table", errors);
        }
        if (hasEventType) {
            checkText(json, "eventType", true, 256, EVENT_TYPE, "an event type, a prefix ending in .* or *",
                    errors);
        }
        JsonNode ops = json.get("operations");
        if (ops == null || ops.isNull()) {
            return;
        }
        if (!hasTable) {
            errors.add(new FieldError("operations", "applies only to row changes: give table, or drop operations"));
        }
        if (!ops.isArray() || ops.isEmpty()) {
            errors.add(new FieldError("operations", "must be a non-empty array such as [\"INSERT\", \"UPDATE\"]"));
            return;
        }
        for (int i = 0; i < ops.size(); i++) {
            JsonNode op = ops.get(i);
            if (!op.isTextual() || Operation.fromName(op.textValue()) == null) {
                errors.add(new FieldError("operations[" + i + "]", "unknown operation " + op
                        + "; use INSERT, UPDATE, DELETE, TRUNCATE or READ"));
            }
        }
    }

    private static void checkCooldown(JsonNode cooldown, List<FieldError> errors) {
        if (cooldown == null || cooldown.isNull()) {
            return;
        }
        String reason = "must be an ISO-8601 duration from PT1S to P30D, such as PT10M";
        if (!cooldown.isTextual()) {
            errors.add(new FieldError("cooldown", reason));
            return;
        }
        try {
            Duration duration = Duration.parse(cooldown.textValue());
            if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(MAX_COOLDOWN) > 0) {
                errors.add(new FieldError("cooldown", reason));
            }
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("cooldown", reason));
        }
    }

    /** Checks an optional or required string field; returns its value when it is a string. */
    static String checkText(JsonNode json, String field, boolean required, int maxLength, Pattern pattern,
            String patternWords, List<FieldError> errors) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        String text = value.textValue();
        if (text.isEmpty()) {
            errors.add(new FieldError(field, "must not be empty"));
        } else if (text.length() > maxLength) {
            errors.add(new FieldError(field, "is " + text.length() + " characters long; at most " + maxLength
                    + " are allowed"));
        } else if (pattern != null && !pattern.matcher(text).matches()) {
            errors.add(new FieldError(field, "must be " + patternWords));
        }
        return text;
    }

    private static boolean present(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && !value.isNull();
    }

    private static String textOrNull(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode nullIfJsonNull(JsonNode value) {
        return value == null || value.isNull() ? null : value;
    }
}
