package io.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubscriptionValidatorTest {

    static final String VALID = """
            {"id":"sub_1","name":"notify-slack-confirmed","tenant":"co_123","table":"salesOrder",
             "operations":["INSERT","UPDATE"],"type":"WEBHOOK",
             "config":{"url":"https://hooks.example.com/orders","headers":{"X-Team":"sales"},
                       "secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw","format":"default",
                       "retry":{"maxAttempts":5,"initialInterval":"PT1S","multiplier":2,"maxInterval":"PT1M"}},
             "filter":{"status":"confirmed"},
             "where":{"new.amount":{"$gt":1000},"$changed":["status"]},
             "cooldown":"PT10M","active":true}
            """;

    static ObjectNode valid() {
        return (ObjectNode) Json.parse(VALID);
    }

    @Test
    void shouldAcceptTheSubscriptionOfTheDesign() {
        Subscription subscription = Subscription.fromJson(valid());
        assertThat(subscription.operations()).containsExactly(Operation.INSERT, Operation.UPDATE);
        assertThat(subscription.cooldown()).isEqualTo(Duration.ofMinutes(10));
        assertThat(subscription.tenant()).isEqualTo("co_123");
        assertThat(Subscription.fromJson(subscription.toJson())).isEqualTo(subscription);
    }

    @Test
    void shouldDefaultOperationsAndActive() {
        ObjectNode json = valid();
        json.remove("operations");
        json.remove("active");
        Subscription subscription = Subscription.fromJson(json);
        assertThat(subscription.operations()).containsExactlyInAnyOrder(Operation.INSERT, Operation.UPDATE,
                Operation.DELETE);
        assertThat(subscription.active()).isTrue();
    }

    @ParameterizedTest(name = "{0} = {1} is refused at {2}")
    @CsvSource(delimiter = '|', textBlock = """
            color          | "red"                                      | color             | unknown field
            name           | null                                       | name              | is required
            type           | "webhook"                                  | type              | upper-case letters
            type           | "1SYNC"                                    | type              | upper-case letters
            operations     | ["INSERT","UPSERT"]                        | operations[1]     | unknown operation
            operations     | []                                         | operations        | non-empty array
            filter         | [1]                                        | filter            | must be a JSON object
            where          | {"new.a":{"$foo":1}}                       | where.new.a.$foo  | unknown operator
            where          | "x"                                        | where             | must be an object
            cooldown       | "10 minutes"                               | cooldown          | ISO-8601 duration
            cooldown       | "PT0S"                                     | cooldown          | ISO-8601 duration
            cooldown       | "P31D"                                     | cooldown          | ISO-8601 duration
            active         | "yes"                                      | active            | true or false
            tenant         | 42                                         | tenant            | must be a string
            eventType      | "invoice.*"                                | eventType         | not both
            id             | "has space"                                | id                | letters, digits
            """)
    void shouldRefuseABadFieldWithItsPathAndReason(String field, String value, String path, String reason) {
        ObjectNode json = valid();
        json.set(field, Json.parse(value));
        List<FieldError> errors = SubscriptionValidator.validate(json, true);
        assertThat(errors).anySatisfy(error -> {
            assertThat(error.path()).isEqualTo(path);
            assertThat(error.reason()).contains(reason);
        });
    }

    @ParameterizedTest(name = "config.{0} = {1} is refused at {2}")
    @CsvSource(delimiter = '|', textBlock = """
            url        | null                          | config.url                | is required for a WEBHOOK
            url        | "ftp://example.com"           | config.url                | absolute http or https URL
            url        | "/relative"                   | config.url                | absolute http or https URL
            url        | "https://user:pw@example.com" | config.url                | without user information
            format     | "xml"                         | config.format             | default, cloudevents or template
            format     | "template"                    | config.template           | is required when format is template
            secret     | "hunter2"                     | config.secret             | whsec_
            secret     | "whsec_c2hvcnQ="              | config.secret             | 24 to 64
            secret     | []                            | config.secret             | 1 to 5
            headers    | {"webhook-id":"x"}            | config.headers.webhook-id | set by Tributary
            headers    | {"X-A":"a\\nb"}                | config.headers.X-A        | single-line
            headers    | {"X-A":"Zürich"}              | config.headers.X-A        | U+00FC, beyond ASCII
            headers    | {"X-A":"a\\u0001b"}           | config.headers.X-A        | control character U+0001
            headers    | {"X-A":"a "}                  | config.headers.X-A        | space at the start or end
            headers    | {"bad header":"x"}            | config.headers.bad header | valid HTTP header name
            rateLimit  | 0                             | config.rateLimit          | above 0
            ordered    | "yes"                         | config.ordered            | true or false
            retry      | {"maxAttempts":0}             | config.retry.maxAttempts  | 1 to 100
            retry      | {"initialInterval":"1s"}      | config.retry.initialInterval | ISO-8601
            retry      | {"backoff":1}                 | config.retry.backoff      | unknown retry setting
            timeout    | "PT1H"                        | config.timeout            | ISO-8601
            colour     | 1                             | config.colour             | unknown webhook setting
            """)
    void shouldRefuseABadWebhookSetting(String field, String value, String path, String reason) {
        ObjectNode json = valid();
        ((ObjectNode) json.get("config")).set(field, Json.parse(value));
        assertThat(SubscriptionValidator.validate(json, true)).anySatisfy(error -> {
            assertThat(error.path()).isEqualTo(path);
            assertThat(error.reason()).contains(reason);
        });
    }

    @Test
    void shouldRefuseANameThatIsTooLong() {
        ObjectNode json = valid();
        json.put("name", "n".repeat(SubscriptionValidator.MAX_NAME_LENGTH + 1));
        assertThat(SubscriptionValidator.validate(json, true)).singleElement()
                .isEqualTo(new FieldError("name", "is 129 characters long; at most 128 are allowed"));
    }

    @Test
    void shouldRequireEitherTableOrEventType() {
        ObjectNode json = valid();
        json.remove("table");
        json.remove("operations");
        assertThat(SubscriptionValidator.validate(json, true)).extracting(FieldError::path).containsExactly("table");
        json.put("eventType", "invoice.*");
        assertThat(SubscriptionValidator.validate(json, true)).isEmpty();
        json.putArray("operations").add("INSERT");
        assertThat(SubscriptionValidator.validate(json, true)).extracting(FieldError::reason)
                .containsExactly("applies only to row changes: give table, or drop operations");
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        ObjectNode json = valid();
        json.remove("name");
        json.put("type", "webhook");
        json.put("cooldown", "soon");
        ((ObjectNode) json.get("config")).remove("url");
        assertThatThrownBy(() -> Subscription.fromJson(json))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::path).containsExactly("name", "type", "cooldown"));
        json.put("type", "WEBHOOK");
        assertThat(SubscriptionValidator.validate(json, true)).extracting(FieldError::path)
                .containsExactly("name", "config.url", "cooldown");
    }

    @Test
    void shouldAllowAMissingIdOnlyWhenAsked() {
        ObjectNode json = valid();
        json.remove("id");
        assertThat(SubscriptionValidator.validate(json, false)).isEmpty();
        assertThat(SubscriptionValidator.validate(json, true)).extracting(FieldError::path).containsExactly("id");
    }

    @Test
    void shouldAcceptFreeFormConfigForOtherHandlerTypes() {
        ObjectNode json = valid();
        json.put("type", "SEARCH_INDEX");
        json.set("config", Json.parse("{\"provider\":\"accounting\",\"anything\":[1,2]}"));
        assertThat(SubscriptionValidator.validate(json, true)).isEmpty();
    }

    @Test
    void shouldRequireTheTargetOfASyncSubscription() {
        ObjectNode json = valid();
        json.put("type", "SYNC");
        json.set("config", Json.parse("{\"target\":\"accounting\",\"anything\":[1,2]}"));
        assertThat(SubscriptionValidator.validate(json, true)).isEmpty();
        json.set("config", Json.parse("{\"provider\":\"accounting\"}"));
        assertThat(SubscriptionValidator.validate(json, true)).extracting(FieldError::path)
                .containsExactly("config.target");
        json.remove("config");
        assertThat(SubscriptionValidator.validate(json, true)).extracting(FieldError::path)
                .containsExactly("config.target");
    }

    @Test
    void shouldMaskSecretsWhenRedacted() {
        ObjectNode json = valid();
        ((ObjectNode) json.get("config").get("headers")).put("Authorization", "Bearer abcdefghijklmnop");
        ObjectNode redacted = Subscription.fromJson(json).toRedactedJson();
        assertThat(redacted.at("/config/secret").asText()).isEqualTo("whsec_…LaSw");
        assertThat(redacted.at("/config/headers/Authorization").asText()).isEqualTo("…mnop");
        assertThat(redacted.toString()).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "abcdefghijklmnop");
    }
}
