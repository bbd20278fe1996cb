package io.tributary.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.Json;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {

    @Test
    void shouldShowTheConfiguredHeadersAsTheLedgerMaskedThemAndTheStandardWebhooksHeaders() {
        var delivery = Json.parse("""
                {"deliveryId": "rechnung-€-7:sub_1",
                 "subscriptionConfig": {"url": "https://h.example.org/x", "secret": "whsec_…ZQ==",
                                        "headers": {"X-Api-Key": "…6789", "X-Team": "…"}}}
                """);

        assertThat(RequestHeaders.of(delivery)).containsExactly(
                new RequestHeaders.Header("X-Api-Key", "…6789"),
                new RequestHeaders.Header("X-Team", "…"),
                new RequestHeaders.Header("webhook-id", "rechnung-%E2%82%AC-7:sub_1"),
                new RequestHeaders.Header("webhook-timestamp", "the attempt's time, in Unix seconds"),
                new RequestHeaders.Header("webhook-signature",
                        "v1,… (HMAC-SHA256 with the subscription's secret, masked)"));
    }
}
