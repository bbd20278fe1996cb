package io.tributary.webhook.body;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Delivery;
import io.tributary.model.Json;
import io.tributary.model.Secrets;
import io.tributary.model.WebhookConfig;
import io.tributary.model.signing.WebhookHeaders;
import io.tributary.model.signing.WebhookSigner;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers and body one attempt of a delivery sends: the body {@link WebhookBodies} renders, the subscription's
 * {@code config.headers}, and the Standard Webhooks headers signed over exactly those bytes and the
 * {@code webhook-id} as sent ({@link WebhookHeaders#signed}: the delivery id percent-encoded outside visible
 * ASCII). Every header value is visible ASCII, so what a receiver reads is what was signed. Immutable.
 */
public record WebhookRequest(Map<String, String> headers, byte[] body) {

    /** The content type every webhook request is sent with (the HTTP client's {@code APPLICATION_JSON}). */
    public static final String CONTENT_TYPE = "application/json; charset=UTF-8";
    /** The most of a body that {@link #shown} keeps: larger bodies are shown by their start and SHA-256. */
    public static final int MAX_SHOWN_BODY_BYTES = 16 * 1024;

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

    /**
     * The request as an operator may see it, recorded with its attempt: {@code method}, {@code url} (its query
     * masked, as it may hold a token), {@code headers} as {@code [{"name", "value"}]} in the order sent (an array,
     * so that a {@code jsonb} column keeps the order): the content type, the configured headers
     * with every value masked as {@link Secrets#mask} masks a secret, since any may carry a credential, then
     * {@code webhook-id} and {@code webhook-timestamp} as sent and {@code webhook-signature} masked), the body's
     * size in bytes and SHA-256 (hex), and the body itself as UTF-8 text up to {@value #MAX_SHOWN_BODY_BYTES}
     * bytes ({@code bodyTruncated} says when it is only its start).
     */
    public ObjectNode shown(URI url, Map<String, String> configured) {
        ObjectNode shown = Json.mapper().createObjectNode();
        shown.put("method", "POST");
        String query = url.getRawQuery();
        shown.put("url", query == null ? url.toString() : url.toString().replace("?" + query, "?…"));
        ArrayNode sent = shown.putArray("headers");
        sent.addObject().put("name", "content-type").put("value", CONTENT_TYPE);
        headers.forEach((name, value) -> {
            String shownValue;
            if (name.equalsIgnoreCase(WebhookSigner.SIGNATURE_HEADER)) {
                shownValue = "v1,… (masked)";
            } else if (configured.containsKey(name)) {
                shownValue = Secrets.mask(value);
            } else {
                shownValue = value;
            }
            sent.addObject().put("name", name).put("value", shownValue);
        });
        shown.put("bodyBytes", body.length);
        shown.put("bodySha256", sha256(body));
        boolean truncated = body.length > MAX_SHOWN_BODY_BYTES;
        shown.put("body", utf8Start(body, MAX_SHOWN_BODY_BYTES));
        shown.put("bodyTruncated", truncated);
        return shown;
    }

    /** The longest start of {@code bytes} of at most {@code max} bytes that is whole UTF-8 characters, as text. */
    static String utf8Start(byte[] bytes, int max) {
        int end = Math.min(bytes.length, max);
        while (end > 0 && end < bytes.length && (bytes[end] & 0xC0) == 0x80) {
            end--; // not in the middle of a character
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(Arrays.copyOf(bytes, end))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not fail", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
