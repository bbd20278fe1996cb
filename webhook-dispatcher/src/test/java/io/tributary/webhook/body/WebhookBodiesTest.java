package io.tributary.webhook.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookBodiesTest {

    static final EventEnvelope ORDER = EventEnvelope.fromJson(Json.parse("""
            {"specversion":"1.0","id":"16/B374D848:public.orders","source":"/postgres/shop/public/orders",
             "type":"orders.update","time":"2024-01-15T10:30:00Z","tenant":"co_1",
             "data":{"table":"orders","schema":"public","operation":"UPDATE","recordId":"42",
                     "new":{"id":42,"status":"confirmed","customer":"ACME \\"Best\\" Corp\\nLtd","total":1500.50},
                     "old":{"id":42,"status":"draft"},"changed":["status"]}}"""));

    private final WebhookBodies bodies = new WebhookBodies();

    static Delivery delivery(String config) {
        return Delivery.of(ORDER, Subscription.fromJson(Json.parse("{\"id\":\"sub_1\",\"name\":\"orders-hook\","
                + "\"table\":\"orders\",\"type\":\"WEBHOOK\",\"config\":" + config + "}")));
    }

    private JsonNode render(String config) {
        return Json.parse(new String(bodies.render(delivery(config)), StandardCharsets.UTF_8));
    }

    @Test
    void shouldSendTheDefaultBody() {
        JsonNode body = render("{\"url\":\"https://h.example/x\"}");
        assertThat(body).isEqualTo(Json.parse("""
                {"id":"16/B374D848:public.orders","type":"orders.update","tenant":"co_1","table":"orders",
                 "operation":"UPDATE","recordId":"42",
                 "new":{"id":42,"status":"confirmed","customer":"ACME \\"Best\\" Corp\\nLtd","total":1500.50},
                 "old":{"id":42,"status":"draft"},"timestamp":"2024-01-15T10:30:00Z"}"""));
    }

    @Test
    void shouldSendTheEnvelopeAsCloudEvents() {
        assertThat(render("{\"url\":\"https://h.example/x\",\"format\":\"cloudevents\"}")).isEqualTo(ORDER.toJson());
    }

    @Test
    void shouldRenderASlackTemplateAsValidJsonWhateverTheValuesHold() {
        JsonNode slack = render("{\"url\":\"https://hooks.slack.com/services/T/B/X\",\"format\":\"template\","
                + "\"template\":\"{\\\"text\\\": \\\"Order {{new.id}} for {{new.customer}} is {{new.status}}"
                + " ({{new.total}})\\\"}\"}");
        assertThat(slack.get("text").asText()).isEqualTo("Order 42 for ACME \"Best\" Corp\nLtd is confirmed (1500.50)");
    }

    @Test
    void shouldRenderAnN8nTemplateWithTheEnvelopeAndSubscription() {
        JsonNode n8n = render("{\"url\":\"https://n8n.example/webhook/abc\",\"format\":\"template\","
                + "\"template\":\"{\\\"workflow\\\": \\\"{{subscription.name}}\\\", \\\"event\\\": \\\"{{event.type}}\\\","
                + " \\\"record\\\": \\\"{{recordId}}\\\", \\\"delivery\\\": \\\"{{deliveryId}}\\\"}\"}");
        assertThat(n8n).isEqualTo(Json.parse("{\"workflow\": \"orders-hook\", \"event\": \"orders.update\","
                + " \"record\": \"42\", \"delivery\": \"16/B374D848:public.orders:sub_1\"}"));
    }

    @Test
    void shouldReportATemplateThatDoesNotCompile() {
        assertThatThrownBy(() -> bodies.render(delivery("{\"url\":\"https://h.example/x\",\"format\":\"template\","
                + "\"template\":\"{{#new}} unclosed\"}")))
                .isInstanceOf(WebhookBodies.BodyException.class).hasMessageStartingWith("config.template");
    }

    /** An event whose data holds every control character, a lone surrogate of each kind and a surrogate pair. */
    static Delivery hostile(String config) {
        EventEnvelope event = EventEnvelope.fromJson(Json.parse("""
                {"specversion":"1.0","id":"rechnung-\u20ac-7","source":"/services/billing","type":"invoice.created",
                 "data":{"text":"a\\u0000\\u0001\\u001b\\u001f\\u007f\\u2028z","lone":"x\\ud800y\\udc00",
                         "pair":"\\ud83d\\ude00","k\\ud800":1}}"""));
        return Delivery.of(event, Subscription.fromJson(Json.parse("{\"id\":\"sub_1\",\"name\":\"billing\","
                + "\"eventType\":\"invoice.*\",\"type\":\"WEBHOOK\",\"config\":" + config + "}")));
    }

    @Test
    void shouldWriteEveryControlCharacterAndLoneSurrogateAsValidJsonThatReadsBackTheSame() {
        Delivery delivery = hostile("{\"url\":\"https://h.example/x\"}");
        String body = new String(bodies.render(delivery), StandardCharsets.UTF_8);
        assertThat(body).contains("\"text\":\"a\\u0000\\u0001\\u001B\\u001F\u007f\u2028z\"")
                .contains("\"lone\":\"x\\uD800y\\uDC00\"").contains("\"pair\":\"\ud83d\ude00\"")
                .contains("\"k\\uD800\":1");
        assertThat(Json.parse(body).get("new")).isEqualTo(delivery.event().data());
        assertThat(Json.parse(new String(bodies.render(hostile("{\"url\":\"https://h.example/x\","
                + "\"format\":\"cloudevents\"}")), StandardCharsets.UTF_8))).isEqualTo(delivery.event().toJson());
    }

    @Test
    void shouldEscapeEveryControlCharacterAndLoneSurrogateInATemplateValue() {
        Delivery delivery = hostile("{\"url\":\"https://h.example/x\",\"format\":\"template\","
                + "\"template\":\"{\\\"t\\\": \\\"{{new.text}}|{{new.lone}}|{{new.pair}}|{{id}}\\\"}\"}");
        String body = new String(bodies.render(delivery), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo("{\"t\": \"a\\u0000\\u0001\\u001B\\u001F\u007f\u2028z|x\\uD800y\\uDC00|"
                + "\ud83d\ude00|rechnung-\u20ac-7\"}");
        assertThat(Json.parse(body).get("t").textValue()).isEqualTo("a\u0000\u0001\u001b\u001f\u007f\u2028z|x\ud800y"
                + "\udc00|\ud83d\ude00|rechnung-\u20ac-7");
    }

    @Test
    void shouldRefuseATemplateThatRendersSomethingOtherThanJson() {
        assertThatThrownBy(() -> bodies.render(delivery("{\"url\":\"https://h.example/x\",\"format\":\"template\","
                + "\"template\":\"{\\\"status\\\": {{new.status}}}\"}")))
                .isInstanceOf(WebhookBodies.BodyException.class)
                .hasMessageStartingWith("config.template rendered text that is not JSON at line 1, column 12")
                .hasMessageEndingWith("so put each {{value}} inside quotes");
        assertThatThrownBy(() -> bodies.render(delivery("{\"url\":\"https://h.example/x\",\"format\":\"template\","
                + "\"template\":\"{\\\"text\\\": \\\"tab\\there\\\"}\"}")))
                .isInstanceOf(WebhookBodies.BodyException.class)
                .hasMessageContaining("not JSON at line 1, column 14").hasMessageContaining("CTRL-CHAR");
        assertThatThrownBy(() -> bodies.render(delivery("{\"url\":\"https://h.example/x\",\"format\":\"template\","
                + "\"template\":\"{{#nothing}}x{{/nothing}}\"}")))
                .isInstanceOf(WebhookBodies.BodyException.class)
                .hasMessageStartingWith("config.template rendered no JSON value");
        assertThat(Json.parse(new String(bodies.render(delivery("{\"url\":\"https://h.example/x\",\"format\":"
                + "\"template\",\"template\":\"{\\\"total\\\": {{new.total}}}\"}")), StandardCharsets.UTF_8)))
                .isEqualTo(Json.parse("{\"total\": 1500.50}"));
    }
}
