package io.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SubscriptionMatcherTest {

    static EventEnvelope rowChange(String tenant, String table, String operation, String newRow) {
        return EventEnvelope.fromJson(Json.parse("""
                {"specversion":"1.0","id":"e1","source":"/postgres/shop/public/%2$s","type":"%2$s.%4$s",
                 %1$s "data":{"table":"%2$s","schema":"public","operation":"%3$s","recordId":"1","new":%5$s,
                 "old":%5$s,"changed":["status"]}}"""
                .formatted(tenant == null ? "" : "\"tenant\":\"" + tenant + "\",", table, operation,
                        operation.toLowerCase(), newRow)));
    }

    static SubscriptionMatcher subscription(String json) {
        ObjectNode node = (ObjectNode) Json.parse(json);
        node.put("id", "sub_1");
        node.put("name", "s");
        node.put("type", "QUEUE");
        return SubscriptionMatcher.compile(Subscription.fromJson(node));
    }

    @Test
    void shouldScopeTenantSubscriptionsToTheirTenant() {
        SubscriptionMatcher scoped = subscription("{\"tenant\":\"co_1\",\"table\":\"orders\"}");
        SubscriptionMatcher global = subscription("{\"tenant\":null,\"table\":\"orders\"}");
        EventEnvelope own = rowChange("co_1", "orders", "INSERT", "{}");
        EventEnvelope other = rowChange("co_2", "orders", "INSERT", "{}");
        EventEnvelope none = rowChange(null, "orders", "INSERT", "{}");
        assertThat(scoped.matches(own)).isTrue();
        assertThat(scoped.matches(other)).isFalse();
        assertThat(scoped.matches(none)).isFalse();
        assertThat(global.matches(own)).isTrue();
        assertThat(global.matches(other)).isTrue();
        assertThat(global.matches(none)).isTrue();
    }

    @Test
    void shouldSelectByTableSchemaAndOperation() {
        EventEnvelope insert = rowChange(null, "orders", "INSERT", "{}");
        assertThat(subscription("{\"table\":\"orders\"}").matches(insert)).isTrue();
        assertThat(subscription("{\"table\":\"public.orders\"}").matches(insert)).isTrue();
        assertThat(subscription("{\"table\":\"audit.orders\"}").matches(insert)).isFalse();
        assertThat(subscription("{\"table\":\"invoices\"}").matches(insert)).isFalse();
        assertThat(subscription("{\"table\":\"orders\",\"operations\":[\"UPDATE\"]}").matches(insert)).isFalse();
        assertThat(subscription("{\"table\":\"orders\"}").matches(rowChange(null, "orders", "READ", "{}")))
                .as("snapshot reads only when asked").isFalse();
        assertThat(subscription("{\"table\":\"orders\",\"operations\":[\"READ\"]}")
                .matches(rowChange(null, "orders", "READ", "{}"))).isTrue();
    }

    @Test
    void shouldSelectByExactOrPrefixEventType() {
        EventEnvelope invoice = EventEnvelope.fromJson(Json.parse(
                "{\"specversion\":\"1.0\",\"id\":\"k\",\"source\":\"/services/b\",\"type\":\"invoice.created\",\"data\":{}}"));
        assertThat(subscription("{\"eventType\":\"invoice.created\"}").matches(invoice)).isTrue();
        assertThat(subscription("{\"eventType\":\"invoice.*\"}").matches(invoice)).isTrue();
        assertThat(subscription("{\"eventType\":\"*\"}").matches(invoice)).isTrue();
        assertThat(subscription("{\"eventType\":\"invoice\"}").matches(invoice)).isFalse();
        assertThat(subscription("{\"eventType\":\"invoices.*\"}").matches(invoice)).isFalse();
        assertThat(subscription("{\"table\":\"invoice\"}").matches(invoice)).isFalse();
    }

    @Test
    void shouldApplyFilterAndWhereAndActive() {
        EventEnvelope confirmed = rowChange(null, "orders", "UPDATE", "{\"status\":\"confirmed\",\"amount\":2000}");
        assertThat(subscription("{\"table\":\"orders\",\"filter\":{\"status\":\"confirmed\"}}").matches(confirmed))
                .isTrue();
        assertThat(subscription("{\"table\":\"orders\",\"filter\":{\"status\":\"draft\"}}").matches(confirmed))
                .isFalse();
        assertThat(subscription("{\"table\":\"orders\",\"where\":{\"new.amount\":{\"$gt\":1000},"
                + "\"$changed\":[\"status\"]}}").matches(confirmed)).isTrue();
        assertThat(subscription("{\"table\":\"orders\",\"where\":{\"new.amount\":{\"$gt\":5000}}}")
                .matches(confirmed)).isFalse();
        assertThat(subscription("{\"table\":\"orders\",\"active\":false}").matches(confirmed)).isFalse();
    }

    @Test
    void shouldFilterDeletesOnTheOldRow() {
        EventEnvelope delete = EventEnvelope.fromJson(Json.parse("""
                {"specversion":"1.0","id":"e","source":"/postgres/shop/public/orders","type":"orders.delete",
                 "data":{"table":"orders","operation":"DELETE","recordId":"1","new":null,"old":{"status":"x"}}}"""));
        assertThat(subscription("{\"table\":\"orders\",\"filter\":{\"status\":\"x\"}}").matches(delete)).isTrue();
    }
}
