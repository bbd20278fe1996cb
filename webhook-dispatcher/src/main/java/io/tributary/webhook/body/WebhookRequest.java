package io.tributary.webhook.body;

import io.tributary.model.Delivery;
import io.tributary.model.WebhookConfig;
import io.tributary.model.signing.WebhookHeaders;
import java.util.LinkedHashMap;
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
     * @throws io.tributary.model.InvalidInputException when the subscription's config is not a valid webhook config
     */
    public static WebhookRequest of(WebhookBodies bodies, Delivery delivery, long timestampSeconds) {
        WebhookConfig config = delivery.subscription().webhookConfig();
        byte[] body = bodies.render(delivery);
        try {
            return new WebhookRequest(WebhookHeaders.signed(config.headers(), config.secrets(),
                    delivery.deliveryId(), timestampSeconds, body), body);
        } catch (IllegalArgumentException e) {
            throw new WebhookBodies.BodyException(e.getMessage(), e);
        }
    }
}
