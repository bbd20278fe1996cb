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
}
