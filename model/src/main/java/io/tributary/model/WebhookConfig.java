package io.tributary.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.signing.WebhookHeaders;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code config} of a {@code WEBHOOK} subscription, compiled: what the dispatcher sends where, signed how, at what
 * pace and retried how. {@link #check} returns every problem of a config document with its full path
 * ({@code config.url}, {@code config.retry.maxAttempts}), in the order of the document; {@link #compile} builds the
 * record from a document {@link #check} accepts and throws {@link InvalidInputException} with the same problems
 * otherwise. Both run the one reader below, so what is accepted is exactly what is compiled, and no other code reads
 * the config's keys: the admin API and the router validate with it, the dispatcher reaches the record from a decoded
 * delivery ({@code delivery.subscription().webhookConfig()}), compiled once per distinct config ({@link #of}).
 *
 * <p>Adding a setting is one record component (with its default in the reader's {@code build}), one validation (a
 * {@code read...} call in {@link Reader#read}, whose name joins {@link #FIELDS}) and one test in
 * {@code WebhookConfigTest} (its valid value, each invalid value with the exact message, its default).
 *
 * <p>Immutable and thread-safe. {@code template} is {@code null} unless given; {@code rateLimit} ({@code null}: no
 * limit), {@code timeout} ({@code null}: the dispatcher's default) and {@code retry} ({@code null}: the dispatcher's
 * schedule on its retry topics) are {@code null} when not configured.
 *
 * @param url       where deliveries are POSTed: an absolute http or https URL without user information
 * @param headers   extra request headers, in the order configured; never the ones Tributary sets
 * @param secrets   the Standard Webhooks signing secrets ({@code whsec_...}), several during a rotation; may be empty
 * @param format    the body: the default body, the CloudEvent, or the rendered {@code template}
 * @param template  the Mustache template of {@link Format#TEMPLATE}
 * @param ordered   whether the deliveries of a record key are delivered one at a time, in order
 * @param rateLimit deliveries per second at most, above 0 and at most 100,000
 * @param timeout   how long one attempt may take, from 100 ms to 5 minutes
 * @param retry     the subscription's own retry schedule, its missing settings from the dispatcher's
 */
public record WebhookConfig(URI url, Map<String, String> headers, List<String> secrets, Format format,
        String template, boolean ordered, Double rateLimit, Duration timeout, Retry retry) {

    /** The settings a webhook config may hold, in the order problems are reported. */
    public static final List<String> FIELDS = List.of("url", "headers", "secret", "format", "template", "ordered",
            "rateLimit", "timeout", "retry");
    public static final int MAX_SECRETS = 5;
    public static final int MAX_URL_LENGTH = 2048;
    public static final double MAX_RATE_LIMIT = 100_000;
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    private static final Set<String> RESERVED_HEADERS = Set.of("webhook-id", "webhook-timestamp",
            "webhook-signature", "content-length", "host", "content-type", "transfer-encoding", "connection");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final CompiledConfigs<WebhookConfig> COMPILED = new CompiledConfigs<>(WebhookConfig::compile);

    public WebhookConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(format, "format");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /**
     * The config as a log line may show it: the secrets counted and the header values masked (they often hold
     * credentials), the URL without its query (which may hold a token).
     */
    @Override
    public String toString() {
        Map<String, String> masked = new LinkedHashMap<>();
        headers.keySet().forEach(name -> masked.put(name, "…"));
        String where = url.getRawQuery() == null ? url.toString() : url.toString().replace("?" + url.getRawQuery(), "?…");
        return "WebhookConfig[url=" + where + ", headers=" + masked + ", secrets=" + secrets.size() + " (masked)"
                + ", format=" + format + ", template=" + (template == null ? null : template.length() + " chars")
                + ", ordered=" + ordered + ", rateLimit=" + rateLimit + ", timeout=" + timeout + ", retry=" + retry
                + "]";
    }

    /** The body a webhook carries. */
    public enum Format {
        /** {@code {"id", "type", "tenant", "table", "operation", "recordId", "new", "old", "timestamp"}}. */
        DEFAULT,
        /** The CloudEvent envelope itself. */
        CLOUDEVENTS,
        /** {@code config.template} rendered. */
        TEMPLATE;

        /** The name a config gives it: {@code default}, {@code cloudevents}, {@code template}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A subscription's {@code config.retry}; each setting {@code null} when not given (the dispatcher's applies).
     *
     * @param maxAttempts     attempts in all, the first included: 1 to 100
     * @param initialInterval the wait after the first failed attempt: 10 ms to 1 day
     * @param multiplier      the factor of each further wait: 1 to 10
     * @param maxInterval     the longest wait: 10 ms to 7 days, no shorter than {@code initialInterval}
     */
    public record Retry(Integer maxAttempts, Duration initialInterval, Double multiplier, Duration maxInterval) {
        public static final List<String> FIELDS = List.of("maxAttempts", "initialInterval", "multiplier",
                "maxInterval");
    }

    /** Every problem of a webhook config document, each with its path under {@code config}; empty when valid. */
    public static List<FieldError> check(JsonNode config) {
        Reader reader = new Reader();
        reader.read(config);
        return reader.errors;
    }

    /** The compiled config of a document; {@link InvalidInputException} with every problem when it is invalid. */
    public static WebhookConfig compile(JsonNode config) {
        Reader reader = new Reader();
        WebhookConfig compiled = reader.read(config);
        if (!reader.errors.isEmpty()) {
            throw new InvalidInputException("invalid webhook config", reader.errors);
        }
        return compiled;
    }

    /**
     * {@link #compile}, cached by the document's content: the deliveries of one subscription (decoded one record at a
     * time) share one compiled config until the subscription's config changes.
     */
    public static WebhookConfig of(ObjectNode config) {
        return COMPILED.get(config);
    }

    /** Reads a config document once, collecting every problem and the values of the valid settings. */
    private static final class Reader {
        private final List<FieldError> errors = new ArrayList<>();

        WebhookConfig read(JsonNode config) {
            if (config == null || config.isNull()) {
                error("config.url", "is required for a WEBHOOK subscription");
                return null;
            }
            if (!config.isObject()) {
                error("config", "must be an object");
                return null;
            }
            config.fieldNames().forEachRemaining(field -> {
                if (!FIELDS.contains(field)) {
                    error("config." + field, "unknown webhook setting; known settings are " + String.join(", ",
                            FIELDS));
                }
            });
            URI url = readUrl(config.get("url"));
            Map<String, String> headers = readHeaders(config.get("headers"));
            List<String> secrets = readSecrets(config.get("secret"));
            Format format = readFormat(config.get("format"));
            String template = readTemplate(config.get("template"), format == Format.TEMPLATE);
            Boolean ordered = readBoolean(config.get("ordered"), "config.ordered");
            Double rateLimit = readRateLimit(config.get("rateLimit"));
            Duration timeout = readDuration(config.get("timeout"), "config.timeout", MIN_TIMEOUT, MAX_TIMEOUT);
            Retry retry = readRetry(config.get("retry"));
            return errors.isEmpty() ? new WebhookConfig(url, headers, secrets, format == null ? Format.DEFAULT
                    : format, template, Boolean.TRUE.equals(ordered), rateLimit, timeout, retry) : null;
        }

        private URI readUrl(JsonNode url) {
            if (absent(url)) {
                error("config.url", "is required for a WEBHOOK subscription");
                return null;
            }
            String reason = "must be an absolute http or https URL such as https://example.com/hooks";
            if (!url.isTextual() || url.textValue().length() > MAX_URL_LENGTH) {
                error("config.url", reason + " (at most " + MAX_URL_LENGTH + " characters)");
                return null;
            }
            try {
                URI uri = new URI(url.textValue());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                        || uri.getRawUserInfo() != null) {
                    error("config.url", reason + ", without user information");
                    return null;
                }
                return uri;
            } catch (URISyntaxException e) {
                error("config.url", reason + ": " + e.getReason());
                return null;
            }
        }

        private Map<String, String> readHeaders(JsonNode headers) {
            Map<String, String> read = new LinkedHashMap<>();
            if (absent(headers)) {
                return read;
            }
            if (!headers.isObject()) {
                error("config.headers", "must be an object of header names to string values");
                return read;
            }
            headers.fields().forEachRemaining(header -> {
                String path = "config.headers." + header.getKey();
                JsonNode value = header.getValue();
                if (!HEADER_NAME.matcher(header.getKey()).matches()) {
                    error(path, "must be a valid HTTP header name (letters, digits and !#$%&'*+.^_`|~-)");
                } else if (RESERVED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    error(path, "is set by Tributary and cannot be configured");
                } else if (!value.isTextual()) {
                    error(path, "must be a single-line string");
                } else if (WebhookHeaders.valueProblem(value.textValue()) != null) {
                    error(path, WebhookHeaders.valueProblem(value.textValue()));
                } else {
                    read.put(header.getKey(), value.textValue());
                }
            });
            return read;
        }

        private List<String> readSecrets(JsonNode secret) {
            List<String> read = new ArrayList<>();
            if (absent(secret)) {
                return read;
            }
            if (!secret.isArray()) {
                readSecret(secret, "config.secret", read);
                return read;
            }
            if (secret.isEmpty() || secret.size() > MAX_SECRETS) {
                error("config.secret", "a list of secrets (for rotation) holds 1 to " + MAX_SECRETS);
            }
            for (int i = 0; i < secret.size(); i++) {
                readSecret(secret.get(i), "config.secret[" + i + "]", read);
            }
            return read;
        }

        private void readSecret(JsonNode secret, String path, List<String> read) {
            String reason = "must be whsec_ followed by the base64 of 24 to 64 random bytes";
            if (!secret.isTextual() || !secret.textValue().startsWith("whsec_")) {
                error(path, reason);
                return;
            }
            try {
                int length = Base64.getDecoder().decode(secret.textValue().substring(6)).length;
                if (length < 24 || length > 64) {
                    error(path, reason + " (it holds " + length + ")");
                } else {
                    read.add(secret.textValue());
                }
            } catch (IllegalArgumentException e) {
                error(path, reason + " (it is not base64)");
            }
        }

        private Format readFormat(JsonNode format) {
            if (absent(format)) {
                return Format.DEFAULT;
            }
            for (Format known : Format.values()) {
                if (format.isTextual() && known.configName().equals(format.textValue())) {
                    return known;
                }
            }
            error("config.format", "must be default, cloudevents or template");
            return null;
        }

        private String readTemplate(JsonNode template, boolean templated) {
            if (templated && (absent(template) || !template.isTextual() || template.textValue().isBlank())) {
                error("config.template", "is required when format is template");
                return null;
            }
            if (!absent(template) && !template.isTextual()) {
                error("config.template", "must be a string");
                return null;
            }
            return absent(template) ? null : template.textValue();
        }

        private Double readRateLimit(JsonNode rateLimit) {
            if (absent(rateLimit)) {
                return null;
            }
            if (!(rateLimit.isNumber() && rateLimit.doubleValue() > 0 && rateLimit.doubleValue() <= MAX_RATE_LIMIT)) {
                error("config.rateLimit", "must be a number of requests per second above 0, at most 100000");
                return null;
            }
            return rateLimit.doubleValue();
        }

        private Retry readRetry(JsonNode retry) {
            if (absent(retry)) {
                return null;
            }
            if (!retry.isObject()) {
                error("config.retry", "must be an object with maxAttempts, initialInterval, multiplier and"
                        + " maxInterval");
                return null;
            }
            retry.fieldNames().forEachRemaining(field -> {
                if (!Retry.FIELDS.contains(field)) {
                    error("config.retry." + field, "unknown retry setting; known settings are "
                            + String.join(", ", Retry.FIELDS));
                }
            });
            Integer maxAttempts = null;
            JsonNode attempts = retry.get("maxAttempts");
            if (attempts != null && !(attempts.isIntegralNumber() && attempts.canConvertToInt()
                    && attempts.intValue() >= 1 && attempts.intValue() <= 100)) {
                error("config.retry.maxAttempts", "must be a whole number from 1 to 100");
            } else if (attempts != null) {
                maxAttempts = attempts.intValue();
            }
            Double multiplier = null;
            JsonNode factor = retry.get("multiplier");
            if (factor != null && !(factor.isNumber() && factor.doubleValue() >= 1 && factor.doubleValue() <= 10)) {
                error("config.retry.multiplier", "must be a number from 1 to 10");
            } else if (factor != null) {
                multiplier = factor.doubleValue();
            }
            Duration initial = readDuration(retry.get("initialInterval"), "config.retry.initialInterval",
                    Duration.ofMillis(10), Duration.ofDays(1));
            Duration max = readDuration(retry.get("maxInterval"), "config.retry.maxInterval", Duration.ofMillis(10),
                    Duration.ofDays(7));
            if (initial != null && max != null && max.compareTo(initial) < 0) {
                error("config.retry.maxInterval", "must be no shorter than initialInterval (" + initial + ")");
            }
            return new Retry(maxAttempts, initial, multiplier, max);
        }

        private Boolean readBoolean(JsonNode value, String path) {
            if (absent(value)) {
                return null;
            }
            if (!value.isBoolean()) {
                error(path, "must be true or false");
                return null;
            }
            return value.booleanValue();
        }

        private Duration readDuration(JsonNode value, String path, Duration min, Duration max) {
            if (absent(value)) {
                return null;
            }
            String reason = "must be an ISO-8601 duration from " + min + " to " + max;
            try {
                Duration duration = Duration.parse(value.asText());
                if (value.isTextual() && duration.compareTo(min) >= 0 && duration.compareTo(max) <= 0) {
                    return duration;
                }
            } catch (DateTimeParseException e) {
                // reported below, with the range
            }
            error(path, reason);
            return null;
        }

        private void error(String path, String reason) {
            errors.add(new FieldError(path, reason));
        }

        private static boolean absent(JsonNode value) {
            return value == null || value.isNull();
        }
    }
}
