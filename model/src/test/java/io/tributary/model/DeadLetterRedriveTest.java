package io.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterRedriveTest {

    static final String ROUTED = """
            {"deliveryId": "evt_1:sub_1",
             "subscription": {"id": "sub_1", "name": "crm", "tenant": "co_7", "type": "WEBHOOK",
                              "config": {"url": "https://old.example.com/hook"}},
             "event": {"specversion": "1.0", "id": "evt_1", "source": "/services/billing", "type": "invoice.paid",
                       "time": "2026-02-10T09:00:00Z", "tenant": "co_7", "datacontenttype": "application/json",
                       "data": {"total": 10}}}
            """;
    static final String NOW = """
            {"id": "sub_1", "name": "crm", "tenant": "co_7", "type": "WEBHOOK", "eventType": "invoice.*",
             "config": {"url": "https://fixed.example.com/hook"}}
            """;

    @Test
    void shouldSendADeadLetterBackToTheTopicItCameFrom() {
        assertThat(DeadLetterRedrive.destination("tributary.handler.webhook-dlt")).isEqualTo("tributary.handler.webhook");
        assertThatThrownBy(() -> DeadLetterRedrive.destination("tributary.handler.webhook"))
                .hasMessage("topic must be a dead-letter topic (ending in -dlt), got tributary.handler.webhook");
        assertThatThrownBy(() -> DeadLetterRedrive.destination("-dlt"))
                .hasMessage("topic must be a dead-letter topic (ending in -dlt), got -dlt");
    }

    @Test
    void shouldMarkARedriveByItsTopicPartitionAndOffset() {
        assertThat(DeadLetterRedrive.mark("tributary.handler.webhook-dlt", 2, 1234))
                .isEqualTo("tributary.handler.webhook-dlt/2:1234");
    }

    @Test
    void shouldDropTheHeadersOfTheFailedRunAndNameWhereTheRecordCameFrom() {
        Headers dead = new RecordHeaders();
        dead.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
        dead.add("kafka_dlt-exception-message", "boom".getBytes(StandardCharsets.UTF_8));
        dead.add("retry_topic-attempts", new byte[] {3});
        dead.add("tributary-attempts", "3".getBytes(StandardCharsets.UTF_8));
        dead.add("tributary-redriven-from", "an older redrive".getBytes(StandardCharsets.UTF_8));

        Headers sent = DeadLetterRedrive.headers(dead, "tributary.handler.webhook-dlt/0:7");

        assertThat(sent.toArray()).extracting(Header::key).containsExactly("traceparent", "tributary-redriven-from");
        assertThat(new String(sent.lastHeader("tributary-redriven-from").value(), StandardCharsets.UTF_8))
                .isEqualTo("tributary.handler.webhook-dlt/0:7");
    }

    @Test
    void shouldSendADeliveryWithItsSubscriptionsCurrentSettings() {
        byte[] value = ROUTED.getBytes(StandardCharsets.UTF_8);
        Delivery delivery = Delivery.fromJson(Json.parse(ROUTED));

        DeadLetterRedrive.Value current = DeadLetterRedrive.current(value, delivery, false,
                () -> Map.of("sub_1", NOW), "tributary.subscriptions");

        assertThat(current.note()).isEqualTo("(with subscription sub_1's current settings)");
        assertThat(Delivery.fromJson(Json.parse(new String(current.value(), StandardCharsets.UTF_8)))
                .subscription().config().get("url").asText()).isEqualTo("https://fixed.example.com/hook");
    }

    @Test
    void shouldKeepTheRoutedSettingsWhenAskedOrWhenTheSubscriptionIsGone() {
        byte[] value = ROUTED.getBytes(StandardCharsets.UTF_8);
        Delivery delivery = Delivery.fromJson(Json.parse(ROUTED));
        AtomicInteger asked = new AtomicInteger();

        DeadLetterRedrive.Value asRouted = DeadLetterRedrive.current(value, delivery, true,
                () -> Map.of("sub_1", NOW + asked.incrementAndGet()), "tributary.subscriptions");
        DeadLetterRedrive.Value gone = DeadLetterRedrive.current(value, delivery, false, Map::of,
                "tributary.subscriptions");
        DeadLetterRedrive.Value notADelivery = DeadLetterRedrive.current(new byte[] {1, 2}, null, false,
                () -> Map.of("sub_1", NOW + asked.incrementAndGet()), "tributary.subscriptions");

        assertThat(asRouted.value()).isSameAs(value);
        assertThat(asRouted.note()).isEmpty();
        assertThat(gone.value()).isSameAs(value);
        assertThat(gone.note()).isEqualTo("(subscription sub_1 no longer exists: with the settings it was routed with)");
        assertThat(notADelivery.value()).containsExactly(1, 2);
        assertThat(asked).hasValue(0);
    }
}
