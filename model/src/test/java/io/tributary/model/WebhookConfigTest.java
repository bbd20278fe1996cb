package io.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every webhook setting: its valid value, each invalid value with its exact path and message, its default. */
class WebhookConfigTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String URL_REASON = "must be an absolute http or https URL such as https://example.com/hooks";
    private static final String SECRET_REASON = "must be whsec_ followed by the base64 of 24 to 64 random bytes";

    private static ObjectNode config(String json) {
        return (ObjectNode) Json.parse(json);
    }

    /** A config with a valid url and one more setting. */
    private static ObjectNode with(String field, String valueJson) {
        ObjectNode config = config("{\"url\":\"https://hooks.example.com/orders\"}");
        config.set(field, Json.parse(valueJson));
        return config;
    }

    private static List<FieldError> errors(String field, String valueJson) {
        return WebhookConfig.check(with(field, valueJson));
    }

    @Test
    void shouldDefaultEverySettingButTheUrl() {
        WebhookConfig config = WebhookConfig.compile(config("{\"url\":\"https://hooks.example.com/orders\"}"));
        assertThat(config).isEqualTo(new WebhookConfig(URI.create("https://hooks.example.com/orders"), Map.of(),
                List.of(), WebhookConfig.Format.DEFAULT, null, false, null, null, null));
    }

    @Test
    void shouldMaskSecretsHeaderValuesAndTheQueryWhenPrinted() {
        WebhookConfig config = WebhookConfig.compile(config("""
                {"url":"https://hooks.example.com/h?token=abc123","headers":{"Authorization":"Bearer xyz789"},
                 "secret":"%s","timeout":"PT2S"}""".formatted(SECRET)));
        assertThat(config.toString()).isEqualTo("WebhookConfig[url=https://hooks.example.com/h?…, headers="
                + "{Authorization=…}, secrets=1 (masked), format=DEFAULT, template=null, ordered=false,"
                + " rateLimit=null, timeout=PT2S, retry=null]");
    }

    @Test
    void shouldCompileEverySetting() {
        WebhookConfig config = WebhookConfig.compile(config("""
                {"url":"http://127.0.0.1:8080/h?x=1","headers":{"X-Team":"sales","X-B":"b"},"secret":"%s",
                 "format":"template","template":"{\\"t\\":\\"{{id}}\\"}","ordered":true,"rateLimit":0.5,
                 "timeout":"PT2S","retry":{"maxAttempts":3,"initialInterval":"PT1S","multiplier":2,"maxInterval":"PT1M"}}
                """.formatted(SECRET)));
        assertThat(config.url()).isEqualTo(URI.create("http://127.0.0.1:8080/h?x=1"));
        assertThat(config.headers()).containsExactly(Map.entry("X-Team", "sales"), Map.entry("X-B", "b"));
        assertThat(config.secrets()).containsExactly(SECRET);
        assertThat(config.format()).isEqualTo(WebhookConfig.Format.TEMPLATE);
        assertThat(config.template()).isEqualTo("{\"t\":\"{{id}}\"}");
        assertThat(config.ordered()).isTrue();
        assertThat(config.rateLimit()).isEqualTo(0.5);
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.retry()).isEqualTo(new WebhookConfig.Retry(3, Duration.ofSeconds(1), 2.0,
                Duration.ofMinutes(1)));
    }

    @Test
    void shouldRequireTheConfigAndItsUrl() {
        assertThat(WebhookConfig.check(null)).containsExactly(
                new FieldError("config.url", "is required for a WEBHOOK subscription"));
        assertThat(WebhookConfig.check(Json.parse("[]"))).containsExactly(new FieldError("config", "must be an object"));
        assertThat(WebhookConfig.check(config("{}"))).containsExactly(
                new FieldError("config.url", "is required for a WEBHOOK subscription"));
    }

    @ParameterizedTest(name = "url {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            "ftp://example.com/h"         | , without user information
            "/relative"                   | , without user information
            "https://user:pw@example.com" | , without user information
            "https://exa mple.com"        | `: Illegal character in authority`
            42                            | ` (at most 2048 characters)`
            """)
    void shouldRefuseAnInvalidUrl(String value, String suffix) {
        assertThat(errors("url", value)).containsExactly(new FieldError("config.url", URL_REASON + suffix));
    }

    @Test
    void shouldRefuseAUrlLongerThan2048Characters() {
        String url = "https://example.com/" + "a".repeat(2029);
        assertThat(errors("url", "\"" + url + "\"")).containsExactly(new FieldError("config.url",
                URL_REASON + " (at most 2048 characters)"));
        assertThat(errors("url", "\"" + url.substring(0, 2048) + "\"")).isEmpty();
    }

    @ParameterizedTest(name = "headers {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"Webhook-Id":"x"}   | config.headers.Webhook-Id   | is set by Tributary and cannot be configured
            {"Host":"x"}         | config.headers.Host         | is set by Tributary and cannot be configured
            {"X-A":1}            | config.headers.X-A          | must be a single-line string
            {"X-A":"a\\nb"}       | config.headers.X-A          | must be a single-line string of visible ASCII characters, with spaces only between them (character 1 is the control character U+000A), so that it is sent as configured
            {"X-A":"a "}         | config.headers.X-A          | must be a single-line string of visible ASCII characters, with spaces only between them (character 1 is a space at the start or end), so that it is sent as configured
            "X-A: b"             | config.headers              | must be an object of header names to string values
            """)
    void shouldRefuseAnInvalidHeader(String value, String path, String reason) {
        assertThat(errors("headers", value)).containsExactly(new FieldError(path, reason));
    }

    @Test
    void shouldRefuseAHeaderNameThatIsNoToken() {
        assertThat(errors("headers", "{\"bad header\":\"x\"}")).containsExactly(new FieldError(
                "config.headers.bad header", "must be a valid HTTP header name (letters, digits and !#$%&'*+.^_`|~-)"));
    }

    @Test
    void shouldKeepTheHeadersInTheirOrder() {
        assertThat(WebhookConfig.compile(with("headers", "{\"X-Z\":\"1\",\"X-A\":\"a b\"}")).headers())
                .containsExactly(Map.entry("X-Z", "1"), Map.entry("X-A", "a b"));
        assertThat(WebhookConfig.compile(with("headers", "{}")).headers()).isEmpty();
    }

    @ParameterizedTest(name = "secret {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            "hunter2"              | config.secret    | must be whsec_ followed by the base64 of 24 to 64 random bytes
            "whsec_c2hvcnQ="       | config.secret    | must be whsec_ followed by the base64 of 24 to 64 random bytes (it holds 5)
            "whsec_***"            | config.secret    | must be whsec_ followed by the base64 of 24 to 64 random bytes (it is not base64)
            ["hunter2"]            | config.secret[0] | must be whsec_ followed by the base64 of 24 to 64 random bytes
            []                     | config.secret    | a list of secrets (for rotation) holds 1 to 5
            """)
    void shouldRefuseAnInvalidSecret(String value, String path, String reason) {
        assertThat(errors("secret", value)).containsExactly(new FieldError(path, reason));
    }

    @Test
    void shouldTakeOneSecretOrAListForRotation() {
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[64]);
        assertThat(WebhookConfig.compile(with("secret", "[\"" + SECRET + "\",\"" + other + "\"]")).secrets())
                .containsExactly(SECRET, other);
        assertThat(errors("secret", "[" + ("\"" + SECRET + "\",").repeat(5) + "\"" + SECRET + "\"]"))
                .containsExactly(new FieldError("config.secret", "a list of secrets (for rotation) holds 1 to 5"));
        assertThat(errors("secret", "\"whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[65]) + "\""))
                .containsExactly(new FieldError("config.secret", SECRET_REASON + " (it holds 65)"));
    }

    @Test
    void shouldReadEachFormat() {
        assertThat(WebhookConfig.compile(with("format", "\"default\"")).format()).isEqualTo(WebhookConfig.Format.DEFAULT);
        assertThat(WebhookConfig.compile(with("format", "\"cloudevents\"")).format())
                .isEqualTo(WebhookConfig.Format.CLOUDEVENTS);
        assertThat(errors("format", "\"xml\"")).containsExactly(new FieldError("config.format",
                "must be default, cloudevents or template"));
        assertThat(errors("format", "\"CLOUDEVENTS\"")).containsExactly(new FieldError("config.format",
                "must be default, cloudevents or template"));
    }

    @Test
    void shouldRequireATemplateWithTheTemplateFormat() {
        ObjectNode config = with("format", "\"template\"");
        assertThat(WebhookConfig.check(config)).containsExactly(new FieldError("config.template",
                "is required when format is template"));
        config.put("template", " ");
        assertThat(WebhookConfig.check(config)).containsExactly(new FieldError("config.template",
                "is required when format is template"));
        assertThat(errors("template", "{\"text\":\"x\"}")).containsExactly(new FieldError("config.template",
                "must be a string"));
        assertThat(WebhookConfig.compile(with("template", "\"{}\"")).template()).as("kept, unused by default")
                .isEqualTo("{}");
    }

    @Test
    void shouldReadOrdered() {
        assertThat(WebhookConfig.compile(with("ordered", "true")).ordered()).isTrue();
        assertThat(WebhookConfig.compile(with("ordered", "false")).ordered()).isFalse();
        assertThat(WebhookConfig.compile(with("ordered", "null")).ordered()).isFalse();
        assertThat(errors("ordered", "\"yes\"")).containsExactly(new FieldError("config.ordered",
                "must be true or false"));
    }

    @ParameterizedTest(name = "rateLimit {0}")
    @CsvSource({"0", "-1", "100001", "'\"10\"'"})
    void shouldRefuseAnInvalidRateLimit(String value) {
        assertThat(errors("rateLimit", value)).containsExactly(new FieldError("config.rateLimit",
                "must be a number of requests per second above 0, at most 100000"));
    }

    @Test
    void shouldReadARateLimit() {
        assertThat(WebhookConfig.compile(with("rateLimit", "100000")).rateLimit()).isEqualTo(100_000.0);
        assertThat(WebhookConfig.compile(with("rateLimit", "0.01")).rateLimit()).isEqualTo(0.01);
    }

    @ParameterizedTest(name = "timeout {0}")
    @CsvSource({"'\"PT0.099S\"'", "'\"PT5M0.001S\"'", "'\"5s\"'", "5"})
    void shouldRefuseAnInvalidTimeout(String value) {
        assertThat(errors("timeout", value)).containsExactly(new FieldError("config.timeout",
                "must be an ISO-8601 duration from PT0.1S to PT5M"));
    }

    @Test
    void shouldReadATimeout() {
        assertThat(WebhookConfig.compile(with("timeout", "\"PT0.1S\"")).timeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(WebhookConfig.compile(with("timeout", "\"PT5M\"")).timeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest(name = "retry {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"maxAttempts":0}                                | config.retry.maxAttempts     | must be a whole number from 1 to 100
            {"maxAttempts":101}                              | config.retry.maxAttempts     | must be a whole number from 1 to 100
            {"maxAttempts":2.5}                              | config.retry.maxAttempts     | must be a whole number from 1 to 100
            {"multiplier":0.5}                               | config.retry.multiplier      | must be a number from 1 to 10
            {"multiplier":"2"}                               | config.retry.multiplier      | must be a number from 1 to 10
            {"initialInterval":"1s"}                         | config.retry.initialInterval | must be an ISO-8601 duration from PT0.01S to PT24H
            {"initialInterval":"P2D"}                        | config.retry.initialInterval | must be an ISO-8601 duration from PT0.01S to PT24H
            {"maxInterval":"PT0.001S"}                       | config.retry.maxInterval     | must be an ISO-8601 duration from PT0.01S to PT168H
            {"initialInterval":"PT1M","maxInterval":"PT10S"} | config.retry.maxInterval     | must be no shorter than initialInterval (PT1M)
            {"backoff":1}                                    | config.retry.backoff         | unknown retry setting; known settings are maxAttempts, initialInterval, multiplier, maxInterval
            5                                                | config.retry                 | must be an object with maxAttempts, initialInterval, multiplier and maxInterval
            """)
    void shouldRefuseAnInvalidRetry(String value, String path, String reason) {
        assertThat(errors("retry", value)).containsExactly(new FieldError(path, reason));
    }

    @Test
    void shouldLeaveMissingRetrySettingsToTheDispatcher() {
        assertThat(WebhookConfig.compile(with("retry", "{\"maxAttempts\":2}")).retry())
                .isEqualTo(new WebhookConfig.Retry(2, null, null, null));
        assertThat(WebhookConfig.compile(with("retry", "{}")).retry())
                .isEqualTo(new WebhookConfig.Retry(null, null, null, null));
    }

    @Test
    void shouldRefuseAnUnknownSetting() {
        assertThat(errors("colour", "1")).containsExactly(new FieldError("config.colour",
                "unknown webhook setting; known settings are url, headers, secret, format, template, ordered,"
                        + " rateLimit, timeout, retry"));
    }

    @Test
    void shouldThrowEveryProblemInTheOrderOfTheSettings() {
        ObjectNode config = config("{\"colour\":1,\"url\":\"ftp://x\",\"ordered\":1,\"timeout\":\"PT1H\"}");
        assertThatThrownBy(() -> WebhookConfig.compile(config)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> {
                    assertThat(e.errors()).extracting(FieldError::path).containsExactly("config.colour", "config.url",
                            "config.ordered", "config.timeout");
                    assertThat(e.getMessage()).startsWith("invalid webhook config: config.colour: unknown webhook");
                });
    }

    @Test
    void shouldCompileOnceForTheSameConfig() {
        ObjectNode config = with("rateLimit", "7");
        WebhookConfig first = WebhookConfig.of(config);
        assertThat(WebhookConfig.of(config.deepCopy())).as("the same content, decoded again").isSameAs(first);
        config.put("rateLimit", 8);
        assertThat(first.rateLimit()).as("the cache holds its own copy").isEqualTo(7.0);
        assertThat(WebhookConfig.of(config).rateLimit()).isEqualTo(8.0);
        assertThatThrownBy(() -> WebhookConfig.of(config("{}"))).isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid webhook config: config.url: is required for a WEBHOOK subscription");
    }

    @Test
    void shouldBeReachedFromADecodedDelivery() {
        Subscription subscription = Subscription.fromJson(Json.parse("""
                {"id":"sub_1","name":"n","eventType":"order.*","type":"WEBHOOK",
                 "config":{"url":"https://h.example/x","ordered":true}}"""));
        Delivery delivery = Delivery.fromJson(Json.parse("""
                {"deliveryId":"e1:sub_1","subscription":%s,
                 "event":{"specversion":"1.0","id":"e1","source":"/services/s","type":"order.created"}}"""
                .formatted(subscription.reference().toJson())));
        assertThat(delivery.subscription().webhookConfig()).isEqualTo(subscription.webhookConfig());
        assertThat(delivery.subscription().webhookConfig().ordered()).isTrue();
    }
}
