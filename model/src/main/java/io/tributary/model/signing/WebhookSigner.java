package io.tributary.model.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies webhooks per the Standard Webhooks specification: {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature}, a space-separated list of
 * {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, one per secret, so that receivers keep verifying while a
 * secret is rotated. A secret is {@code whsec_} followed by the base64 of the key.
 *
 * <p>The id signed is the {@code webhook-id} header value exactly as sent, and must be header text (visible
 * ASCII): a delivery id becomes one through {@link WebhookHeaders#messageId}, and {@link WebhookHeaders#signed}
 * builds the headers of a request. Thread-safe.
 */
public final class WebhookSigner {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** How far a receiver's clock and the timestamp may differ, as the specification recommends. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String PREFIX = "whsec_";

    private WebhookSigner() {
    }

    /**
     * The {@code webhook-signature} value: one {@code v1,...} per secret, separated by spaces.
     *
     * @param id the {@code webhook-id} as sent; refused (IllegalArgumentException) unless it is non-empty visible
     *           ASCII, since anything else would not reach a receiver as signed
     */
    public static String sign(List<String> secrets, String id, long timestampSeconds, byte[] body) {
        if (!WebhookHeaders.isMessageId(id)) {
            throw new IllegalArgumentException("a webhook-id is non-empty visible ASCII; encode a delivery id with"
                    + " WebhookHeaders.messageId");
        }
        List<String> signatures = new ArrayList<>(secrets.size());
        for (String secret : secrets) {
            signatures.add("v1," + Base64.getEncoder().encodeToString(hmac(secret, id, timestampSeconds, body)));
        }
        return String.join(" ", signatures);
    }

    /**
     * Whether a received webhook carries a valid signature by any of the secrets, with a timestamp within the
     * tolerance of {@code now}; the comparison takes constant time.
     */
    public static boolean verify(List<String> secrets, String id, String timestamp, String signatureHeader,
            byte[] body, Instant now, Duration tolerance) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds() || signatureHeader == null) {
            return false;
        }
        for (String secret : secrets) {
            byte[] expected = hmac(secret, id, seconds, body);
            for (String candidate : signatureHeader.split(" ")) {
                if (candidate.startsWith("v1,")) {
                    byte[] given;
                    try {
                        given = Base64.getDecoder().decode(candidate.substring(3));
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    if (MessageDigest.isEqual(expected, given)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static byte[] hmac(String secret, String id, long timestampSeconds, byte[] body) {
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with whsec_");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(PREFIX.length())), "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getMessage(), e);
        }
    }
}
