package io.tributary.console.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.model.SubscriptionValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionFormTest {

    static final String SECRET = "whsec_c3Vicy1mb3JtLXNlY3JldC0wMTIzNDU2Nzg5YWI=";
    static final Subscription CURRENT = Subscription.fromJson(Json.parse("""
            {"id": "sub_1", "name": "orders", "tenant": "co_1", "table": "salesOrder", "operations": ["INSERT"],
             "type": "WEBHOOK", "config": {"url": "https://erp.example.net/in?token=t0k3n-abcdef", "secret": "%s",
             "headers": {"X-Api-Key": "key-live-0123456789"}, "format": "cloudevents"},
             "filter": {"status": "confirmed"}, "cooldown": "PT10M", "active": false}""".formatted(SECRET)));

    @Test
    void shouldShowASubscriptionWithItsSecretsMaskedAndKeepThemWhenSavedUnchanged() {
        SubscriptionForm form = SubscriptionForm.of(CURRENT);
        assertThat(form.config()).contains("whsec_…YWI=", "…6789").doesNotContain(SECRET, "key-live", "url");
        assertThat(form.operations()).isEqualTo("INSERT");
        assertThat(form.url()).as("the query may hold a token").isEqualTo("https://erp.example.net/in?…");

        List<FieldError> problems = new ArrayList<>();
        ObjectNode json = form.toJson(CURRENT, problems);

        assertThat(problems).isEmpty();
        assertThat(json).isEqualTo(CURRENT.toJson());
        assertThat(SubscriptionValidator.validate(json, true)).isEmpty();
    }

    @Test
    void shouldTakeAChangedHeaderAsTypedAndKeepTheUnchangedSecret() {
        SubscriptionForm form = SubscriptionForm.of(CURRENT);
        SubscriptionForm changed = new SubscriptionForm(form.tenant(), form.name(), form.type(), form.eventType(),
                form.table(), "insert update", form.url(), form.config().replace("…6789", "new-key"), form.filter(),
                "{\"new.total\": {\"$gt\": 5}}", "");

        ObjectNode json = changed.toJson(CURRENT, new ArrayList<>());

        assertThat(json.get("config").get("headers").get("X-Api-Key").asText()).isEqualTo("new-key");
        assertThat(json.get("config").get("url").asText()).as("the masked URL sent back keeps its query")
                .isEqualTo("https://erp.example.net/in?token=t0k3n-abcdef");
        assertThat(json.get("config").get("secret").asText()).isEqualTo(SECRET);
        assertThat(Json.write(json.get("operations"))).isEqualTo("[\"INSERT\",\"UPDATE\"]");
        assertThat(json.has("cooldown")).isFalse();
        assertThat(json.get("active").asBoolean()).isFalse();
    }

    @Test
    void shouldTakeAChangedUrlAsTypedAndMaskOnlyTheQuery() {
        SubscriptionForm form = SubscriptionForm.of(CURRENT);
        SubscriptionForm changed = new SubscriptionForm(form.tenant(), form.name(), form.type(), form.eventType(),
                form.table(), form.operations(), "https://erp.example.net/v2?token=new", form.config(), form.filter(),
                "", "");

        assertThat(changed.toJson(CURRENT, new ArrayList<>()).get("config").get("url").asText())
                .isEqualTo("https://erp.example.net/v2?token=new");
        assertThat(SubscriptionForm.maskedUrl("https://h.example/p?a=1#frag")).isEqualTo("https://h.example/p?…#frag");
        assertThat(SubscriptionForm.maskedUrl("https://h.example/p")).isEqualTo("https://h.example/p");
    }

    @Test
    void shouldReportFieldsThatAreNotJsonAndPutEveryProblemOnItsField() {
        List<FieldError> problems = new ArrayList<>();
        new SubscriptionForm("", "x", "WEBHOOK", "a.*", "", "", "https://x.example", "[", "{\"a\": ", "{}", "")
                .toJson(null, problems);
        assertThat(problems).extracting(FieldError::path).containsExactly("config", "filter");

        Map<String, String> errors = SubscriptionForm.fieldErrors(List.of(new FieldError("config.url", "must be https"),
                new FieldError("operations[1]", "unknown operation"), new FieldError("filter.a", "too deep"),
                new FieldError("where.$or", "takes an array"), new FieldError("config.timeout", "too long"),
                new FieldError("name", "is required"), new FieldError("id", "is taken"), new FieldError("", "bad")));
        assertThat(errors).containsExactly(Map.entry("url", "must be https"),
                Map.entry("operations", "operations[1] unknown operation"), Map.entry("filter", "filter.a too deep"),
                Map.entry("where", "where.$or takes an array"), Map.entry("config", "config.timeout too long"),
                Map.entry("name", "is required"), Map.entry("", "id is taken; bad"));
    }
}
