package io.tributary.webhook.body;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.Delivery;
import io.tributary.model.signing.WebhookHeaders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The headers and body one attempt of a delivery sends: the body {@link WebhookBodies} renders, the subscription's
 * {@code config.headers}, and the Standard Webhooks headers signed over exactly those bytes and the
 * {@code webhook-id} as sent ({@link WebhookHeaders#signed}: the delivery id percent-encoded outside visible
 * ASCII). Every header value is visible ASCII, so what a receiver reads is what was signed. Immutable.
 */
public record WebhookRequest(Map<String, String> headers, byte[] body) {

    public WebhookRequest {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * The request of one attempt, signed at {@code timestampSeconds}.
     *
     * @throws WebhookBodies.BodyException when the body cannot be rendered or a configured header value is not
     *                                     valid header text: permanent, the reason names the setting
     */
    public static WebhookRequest of(WebhookBodies bodies, Delivery delivery, long timestampSeconds) {
        byte[] body = bodies.render(delivery);
        JsonNode config = delivery.subscription().config();
        Map<String, String> configured = new LinkedHashMap<>();
        config.path("headers").fields().forEachRemaining(h -> configured.put(h.getKey(),
                h.getValue().isTextual() ? h.getValue().textValue() : null));
        try {
            return new WebhookRequest(WebhookHeaders.signed(configured, secrets(config.get("secret")),
                    delivery.deliveryId(), timestampSeconds, body), body);
        } catch (IllegalArgumentException e) {
            throw new WebhookBodies.BodyException(e.getMessage(), e);
        }
    }

    private static List<String> secrets(JsonNode secret) {
        List<String> secrets = new ArrayList<>();
        if (secret != null && secret.isTextual()) {
            secrets.add(secret.textValue());
        } else if (secret != null && secret.isArray()) {
            secret.forEach(s -> secrets.add(s.asText()));
        }
        return secrets;
    }
}
