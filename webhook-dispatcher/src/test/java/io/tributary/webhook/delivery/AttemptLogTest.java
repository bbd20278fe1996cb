package io.tributary.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Delivery;
import io.tributary.model.Json;
import io.tributary.webhook.http.AttemptResult;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptLogTest {

    static Delivery delivery(String url) {
        return Delivery.fromJson(Json.parse("""
                {"deliveryId": "evt_1:sub_crm",
                 "subscription": {"id": "sub_crm", "name": "crm-orders", "tenant": "co_7", "type": "WEBHOOK",
                                  "config": {"url": "%s", "secret": "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ=="}},
                 "event": {"specversion": "1.0", "id": "evt_1", "source": "/postgres/shop/public/orders",
                           "type": "orders.update", "time": "2026-02-10T09:00:00Z", "tenant": "co_7",
                           "datacontenttype": "application/json",
                           "data": {"table": "orders", "schema": "public", "operation": "UPDATE", "recordId": "42",
                                    "new": {"id": 42, "status": "paid"}}}}
                """.formatted(url)));
    }

    @Test
    void shouldRecordWhatASearchOfTheAttemptsNeeds() {
        ObjectNode entry = AttemptLog.entry(delivery("https://crm.example.com:8443/hooks/orders"), 3, "RETRY",
                new AttemptResult(503, Duration.ofMillis(127), "busy", null, null),
                Instant.parse("2026-02-10T09:00:07.250Z"));

        assertThat(Json.write(entry)).isEqualTo("{\"deliveryId\":\"evt_1:sub_crm\",\"subscriptionId\":\"sub_crm\","
                + "\"subscriptionName\":\"crm-orders\",\"tenant\":\"co_7\",\"eventId\":\"evt_1\","
                + "\"eventType\":\"orders.update\",\"table\":\"orders\",\"recordId\":\"42\","
                + "\"recordKey\":\"sub_crm/co_7//postgres/shop/public/orders/42\",\"endpointHost\":\"crm.example.com\","
                + "\"attempt\":3,\"outcome\":\"RETRY\",\"httpStatus\":503,\"latencyMs\":127,\"error\":null,"
                + "\"responseBody\":\"busy\",\"at\":\"2026-02-10T09:00:07.250Z\"}");
    }

    @Test
    void shouldRecordNoHostForAnEndpointThatIsNotAUrl() {
        ObjectNode entry = AttemptLog.entry(delivery("not a url"), 1, "DEAD_LETTER",
                new AttemptResult(0, Duration.ZERO, "", "invalid URL", null), Instant.parse("2026-02-10T09:00:00Z"));

        assertThat(entry.get("endpointHost").isNull()).isTrue();
        assertThat(entry.get("error").asText()).isEqualTo("invalid URL");
    }
}
