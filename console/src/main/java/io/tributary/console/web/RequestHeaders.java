package io.tributary.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.signing.WebhookHeaders;
import java.util.ArrayList;
import java.util.List;

/**
 * The request a webhook delivery was sent with, as its page shows it: the one its latest attempt recorded (method,
 * URL, headers as sent with secrets masked, body), or for attempts recorded before requests were kept, the headers
 * its settings give: the subscription's {@code config.headers} (masked in the ledger, every value, as any may carry
 * a credential) and the Standard Webhooks headers the dispatcher adds, the signature masked. Pure.
 */
final class RequestHeaders {

    /** One header: its name and what the page shows of its value. */
    record Header(String name, String value) {
    }

    /** The request an attempt recorded, as {@code WebhookRequest.shown} in the webhook dispatcher writes it. */
    record Sent(int attempt, String method, String url, List<Header> headers, long bodyBytes, String bodySha256,
            String body, boolean bodyTruncated) {
    }

    /** The request of the latest attempt that recorded one; empty when none did. */
    static java.util.Optional<Sent> lastSent(JsonNode delivery) {
        Sent last = null;
        for (JsonNode attempt : delivery.path("attempts")) {
            JsonNode request = attempt.path("request");
            if (request.isObject()) {
                List<Header> headers = new ArrayList<>();
                request.path("headers").forEach(h -> headers.add(new Header(h.path("name").asText(),
                        h.path("value").asText())));
                last = new Sent(attempt.path("attempt").asInt(), request.path("method").asText("POST"),
                        request.path("url").asText(""), headers, request.path("bodyBytes").asLong(),
                        request.path("bodySha256").asText(""),
                        request.hasNonNull("body") ? request.get("body").asText() : null,
                        request.path("bodyTruncated").asBoolean());
            }
        }
        return java.util.Optional.ofNullable(last);
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
