package io.tributary.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.signing.WebhookHeaders;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates the {@code config} of a {@code WEBHOOK} subscription; paths start with {@code config}. */
final class WebhookConfigValidator {

    static final Set<String> FORMATS = Set.of("default", "cloudevents", "template");
    private static final Set<String> FIELDS = Set.of("url", "headers", "secret", "format", "template", "ordered",
            "rateLimit", "timeout", "retry");
    private static final Set<String> RETRY_FIELDS = Set.of("maxAttempts", "initialInterval", "multiplier",
            "maxInterval");
    private static final Set<String> RESERVED_HEADERS = Set.of("webhook-id", "webhook-timestamp",
            "webhook-signature", "content-length", "host", "content-type", "transfer-encoding", "connection");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final int MAX_SECRETS = 5;

    private WebhookConfigValidator() {
    }

    static void validate(JsonNode config, List<FieldError> errors) {
        if (config == null || config.isNull()) {
            errors.add(new FieldError("config.url", "is required for a WEBHOOK subscription"));
            return;
        }
        config.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                errors.add(new FieldError("config." + field, "unknown webhook setting; known settings are "
                        + "url, headers, secret, format, template, ordered, rateLimit, timeout, retry"));
            }
        });
        checkUrl(config.get("url"), errors);
        checkHeaders(config.get("headers"), errors);
        checkSecret(config.get("secret"), errors);
        JsonNode format = config.get("format");
        if (format != null && !format.isNull() && !(format.isTextual() && FORMATS.contains(format.textValue()))) {
            errors.add(new FieldError("config.format", "must be default, cloudevents or template"));
        }
        JsonNode template = config.get("template");
        boolean templated = format != null && "template".equals(format.asText());
        if (templated && (template == null || !template.isTextual() || template.textValue().isBlank())) {
            errors.add(new FieldError("config.template", "is required when format is template"));
        } else if (template != null && !template.isNull() && !template.isTextual()) {
            errors.add(new FieldError("config.template", "must be a string"));
        }
        JsonNode ordered = config.get("ordered");
        if (ordered != null && !ordered.isNull() && !ordered.isBoolean()) {
            errors.add(new FieldError("config.ordered", "must be true or false"));
        }
        JsonNode rateLimit = config.get("rateLimit");
        if (rateLimit != null && !rateLimit.isNull()
                && !(rateLimit.isNumber() && rateLimit.doubleValue() > 0 && rateLimit.doubleValue() <= 100_000)) {
            errors.add(new FieldError("config.rateLimit", "must be a number of requests per second above 0,"
                    + " at most 100000"));
        }
        checkDuration(config.get("timeout"), "config.timeout", Duration.ofMillis(100), Duration.ofMinutes(5), errors);
        checkRetry(config.get("retry"), errors);
    }

    private static void checkUrl(JsonNode url, List<FieldError> errors) {
        if (url == null || url.isNull()) {
            errors.add(new FieldError("config.url", "is required for a WEBHOOK subscription"));
            return;
        }
        String reason = "must be an absolute http or https URL such as https://example.com/hooks";
        if (!url.isTextual() || url.textValue().length() > 2048) {
            errors.add(new FieldError("config.url", reason + " (at most 2048 characters)"));
            return;
        }
        try {
            URI uri = new URI(url.textValue());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null) {
                errors.add(new FieldError("config.url", reason + ", without user information"));
            }
        } catch (URISyntaxException e) {
            errors.add(new FieldError("config.url", reason + ": " + e.getReason()));
        }
    }

    private static void checkHeaders(JsonNode headers, List<FieldError> errors) {
        if (headers == null || headers.isNull()) {
            return;
        }
        if (!headers.isObject()) {
            errors.add(new FieldError("config.headers", "must be an object of header names to string values"));
            return;
        }
        headers.fields().forEachRemaining(header -> {
            String path = "config.headers." + header.getKey();
            if (!HEADER_NAME.matcher(header.getKey()).matches()) {
                errors.add(new FieldError(path, "is not a valid HTTP header name"));
            } else if (RESERVED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(path, "is set by Tributary and cannot be configured"));
            } else if (!header.getValue().isTextual()) {
                errors.add(new FieldError(path, "must be a single-line string"));
            } else if (WebhookHeaders.valueProblem(header.getValue().textValue()) != null) {
                errors.add(new FieldError(path, WebhookHeaders.valueProblem(header.getValue().textValue())));
            }
        });
    }

    private static void checkSecret(JsonNode secret, List<FieldError> errors) {
        if (secret == null || secret.isNull()) {
            return;
        }
        if (secret.isArray()) {
            if (secret.isEmpty() || secret.size() > MAX_SECRETS) {
                errors.add(new FieldError("config.secret", "a list of secrets (for rotation) holds 1 to "
                        + MAX_SECRETS));
            }
            for (int i = 0; i < secret.size(); i++) {
                checkOneSecret(secret.get(i), "config.secret[" + i + "]", errors);
            }
        } else {
            checkOneSecret(secret, "config.secret", errors);
        }
    }

    private static void checkOneSecret(JsonNode secret, String path, List<FieldError> errors) {
        String reason = "must be whsec_ followed by the base64 of 24 to 64 random bytes";
        if (!secret.isTextual() || !secret.textValue().startsWith("whsec_")) {
            errors.add(new FieldError(path, reason));
            return;
        }
        try {
            int length = Base64.getDecoder().decode(secret.textValue().substring(6)).length;
            if (length < 24 || length > 64) {
                errors.add(new FieldError(path, reason + " (it holds " + length + ")"));
            }
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(path, reason + " (it is not base64)"));
        }
    }

    private static void checkRetry(JsonNode retry, List<FieldError> errors) {
        if (retry == null || retry.isNull()) {
            return;
        }
        if (!retry.isObject()) {
            errors.add(new FieldError("config.retry", "must be an object with maxAttempts, initialInterval,"
                    + " multiplier and maxInterval"));
            return;
        }
        retry.fieldNames().forEachRemaining(field -> {
            if (!RETRY_FIELDS.contains(field)) {
                errors.add(new FieldError("config.retry." + field, "unknown retry setting; known settings are"
                        + " maxAttempts, initialInterval, multiplier, maxInterval"));
            }
        });
        JsonNode attempts = retry.get("maxAttempts");
        if (attempts != null && !(attempts.isIntegralNumber() && attempts.canConvertToInt()
                && attempts.intValue() >= 1 && attempts.intValue() <= 100)) {
            errors.add(new FieldError("config.retry.maxAttempts", "must be a whole number from 1 to 100"));
        }
        JsonNode multiplier = retry.get("multiplier");
        if (multiplier != null && !(multiplier.isNumber() && multiplier.doubleValue() >= 1
                && multiplier.doubleValue() <= 10)) {
            errors.add(new FieldError("config.retry.multiplier", "must be a number from 1 to 10"));
        }
        checkDuration(retry.get("initialInterval"), "config.retry.initialInterval", Duration.ofMillis(10),
                Duration.ofDays(1), errors);
        checkDuration(retry.get("maxInterval"), "config.retry.maxInterval", Duration.ofMillis(10),
                Duration.ofDays(7), errors);
    }

    private static void checkDuration(JsonNode value, String path, Duration min, Duration max,
            List<FieldError> errors) {
        if (value == null || value.isNull()) {
            return;
        }
        String reason = "must be an ISO-8601 duration from " + min + " to " + max;
        try {
            Duration duration = Duration.parse(value.asText());
            if (!value.isTextual() || duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
                errors.add(new FieldError(path, reason));
            }
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(path, reason));
        }
    }
}
