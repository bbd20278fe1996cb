package io.tributary.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.Json;
import io.tributary.model.Subscription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleSubscriptionPagesTest {

    static final Subscription INVOICES = Subscription.fromJson(Json.parse("""
            {"id": "sub_inv", "name": "Invoices to billing", "tenant": "co_9", "eventType": "invoice.*",
             "type": "WEBHOOK", "config": {"url": "https://billing.example.org:8443/hooks"}, "active": true}"""));
    static final Subscription ORDERS = Subscription.fromJson(Json.parse("""
            {"id": "sub_ord", "name": "orders sync", "table": "salesOrder", "operations": ["INSERT"],
             "type": "SYNC", "config": {"target": "jdbc"}, "active": false}"""));

    @Test
    void shouldFindSubscriptionsByEveryFieldOfTheListsSearch() {
        assertThat(found(Map.of())).containsExactly("sub_inv", "sub_ord");
        assertThat(found(Map.of("tenant", "co_9"))).containsExactly("sub_inv");
        assertThat(found(Map.of("type", "sync"))).containsExactly("sub_ord");
        assertThat(found(Map.of("eventType", "invoice.*"))).containsExactly("sub_inv");
        assertThat(found(Map.of("eventType", "invoice.paid"))).isEmpty();
        assertThat(found(Map.of("eventType", "salesOrder"))).containsExactly("sub_ord");
        assertThat(found(Map.of("q", "BILLING"))).containsExactly("sub_inv");
        assertThat(found(Map.of("q", "_ord"))).containsExactly("sub_ord");
        assertThat(found(Map.of("state", "paused"))).containsExactly("sub_ord");
        assertThat(found(Map.of("state", "active", "tenant", "co_9", "q", "orders"))).isEmpty();
    }

    @Test
    void shouldShowWhatEachSubscriptionSelectsAndAWebhooksHost() {
        assertThat(ConsoleSubscriptionPages.selects(INVOICES)).isEqualTo("invoice.*");
        assertThat(ConsoleSubscriptionPages.selects(ORDERS)).isEqualTo("salesOrder [INSERT]");
        assertThat(ConsoleSubscriptionPages.endpointHost(INVOICES)).isEqualTo("billing.example.org");
        assertThat(ConsoleSubscriptionPages.endpointHost(ORDERS)).isNull();
    }

    static List<String> found(Map<String, String> search) {
        return List.of(INVOICES, ORDERS).stream().filter(s -> ConsoleSubscriptionPages.matches(s, search))
                .map(Subscription::id).toList();
    }
}
