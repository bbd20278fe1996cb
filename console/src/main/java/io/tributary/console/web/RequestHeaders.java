package io.tributary.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.signing.WebhookHeaders;
import java.util.ArrayList;
import java.util.List;

/**
 * The headers a webhook delivery is sent with, as its page shows them: the subscription's {@code config.headers}
 * (masked in the ledger, every value, as any may carry a credential) and the Standard Webhooks headers the
 * dispatcher adds, the signature masked. Pure.
 */
final class RequestHeaders {

    /** One header: its name and what the page shows of its value. */
    record Header(String name, String value) {
    }

    private RequestHeaders() {
    }

    static List<Header> of(JsonNode delivery) {
        List<Header> headers = new ArrayList<>();
        JsonNode config = delivery.path("subscriptionConfig");
        config.path("headers").fields().forEachRemaining(h -> headers.add(new Header(h.getKey(), h.getValue().asText())));
        if (delivery.hasNonNull("deliveryId")) {
            headers.add(new Header("webhook-id", WebhookHeaders.messageId(delivery.get("deliveryId").asText())));
        }
        headers.add(new Header("webhook-timestamp", "the attempt's time, in Unix seconds"));
        headers.add(new Header("webhook-signature", "v1,… (HMAC-SHA256 with the subscription's secret, masked)"));
        return headers;
    }
}
