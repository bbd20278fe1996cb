package io.tributary.model.signing;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a webhook request carries in its headers, so that every byte a receiver reads in a header is the byte that
 * was signed.
 *
 * <p>{@code webhook-id} is the delivery id percent-encoded by {@link #messageId}: every character outside visible
 * ASCII ({@code !} to {@code ~}), and {@code %} itself, becomes the {@code %XX} escapes of its UTF-8 bytes
 * (uppercase hex), so {@code rechnung-€-7:sub_1} goes out as {@code rechnung-%E2%82%AC-7:sub_1}. The encoded id is
 * both the header value and the {@code id} of the signed content {@code id.timestamp.body}, so any Standard
 * Webhooks library verifies it as received. The encoding is injective (two delivery ids never share a
 * {@code webhook-id}, so receivers may dedupe on it) and {@link #deliveryId} reverses it exactly. Ids made only of
 * visible ASCII other than {@code %} (row-change ids, generated ids) are sent unchanged. A lone UTF-16 surrogate,
 * which JSON escapes can carry though it is no Unicode character, is encoded as the three bytes WTF-8 gives it
 * (U+D800 as {@code %ED%A0%80}); for every other id the encoding is RFC 3986 percent-encoding of UTF-8,
 * which any URL decoder reverses.
 *
 * <p>Values of {@code config.headers} are sent as configured and must therefore already be valid header text:
 * {@link #valueProblem} says why one is not; Tributary refuses such a value where a subscription enters and never
 * rewrites it on the way out. Stateless and thread-safe.
 */
public final class WebhookHeaders {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private WebhookHeaders() {
    }

    /** The {@code webhook-id} of a delivery id: its percent-encoding, described above; never null. */
    public static String messageId(String deliveryId) {
        StringBuilder out = new StringBuilder(deliveryId.length() + 16);
        deliveryId.codePoints().forEach(cp -> {
            if (cp > 0x20 && cp < 0x7F && cp != '%') {
                out.append((char) cp);
            } else {
                for (byte b : utf8(cp)) {
                    out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
            }
        });
        return out.toString();
    }

    /**
     * The delivery id a {@code webhook-id} was made from, the exact inverse of {@link #messageId}.
     *
     * @throws IllegalArgumentException when the text is not a {@code webhook-id} Tributary sends
     */
    public static String deliveryId(String messageId) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(messageId.length());
        for (int i = 0; i < messageId.length(); i++) {
            char c = messageId.charAt(i);
            if (c == '%' && i + 2 < messageId.length() && hex(messageId.charAt(i + 1)) >= 0
                    && hex(messageId.charAt(i + 2)) >= 0) {
                bytes.write(hex(messageId.charAt(i + 1)) << 4 | hex(messageId.charAt(i + 2)));
                i += 2;
            } else if (c > 0x20 && c < 0x7F && c != '%') {
                bytes.write(c);
            } else {
                throw new IllegalArgumentException("not a webhook-id: character " + i + " is not visible ASCII"
                        + " or a %XX escape");
            }
        }
        return decodeUtf8(bytes.toByteArray());
    }

    /**
     * Why a configured header value cannot be sent byte for byte, or {@code null} when it can: a value is a
     * single line of visible ASCII, with spaces and tabs only between visible characters (HTTP parsers strip
     * them at either end, and carry nothing beyond ASCII or any control character faithfully).
     */
    public static String valueProblem(String value) {
        if (value == null) {
            return "must be a string";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean visible = c > 0x20 && c < 0x7F;
            boolean inner = (c == ' ' || c == '\t') && i > 0 && i < value.length() - 1;
            if (!visible && !inner) {
                return "must be a single-line string of visible ASCII characters, with spaces only between them"
                        + " (character " + i + " is " + describe(c) + "), so that it is sent as configured";
            }
        }
        return null;
    }

    /**
     * The headers of a signed webhook: the configured ones, then {@code webhook-id} ({@link #messageId} of the
     * delivery id), {@code webhook-timestamp} and, when there are secrets, {@code webhook-signature} over exactly
     * that id, timestamp and body.
     *
     * @throws IllegalArgumentException naming {@code config.headers.<name>} when a configured value is not
     *                                  valid header text ({@link #valueProblem})
     */
    public static Map<String, String> signed(Map<String, String> configured, List<String> secrets,
            String deliveryId, long timestampSeconds, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        configured.forEach((name, value) -> {
            String problem = valueProblem(value);
            if (problem != null) {
                throw new IllegalArgumentException("config.headers." + name + " " + problem);
            }
            headers.put(name, value);
        });
        String id = messageId(deliveryId);
        headers.put(WebhookSigner.ID_HEADER, id);
        headers.put(WebhookSigner.TIMESTAMP_HEADER, Long.toString(timestampSeconds));
        if (!secrets.isEmpty()) {
            headers.put(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(secrets, id, timestampSeconds, body));
        }
        return headers;
    }

    /** Whether a text is a possible {@code webhook-id}: non-empty visible ASCII. */
    static boolean isMessageId(String id) {
        if (id.isEmpty()) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) <= 0x20 || id.charAt(i) >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7F ? String.format("the control character U+%04X", (int) c)
                : c == ' ' ? "a space at the start or end" : String.format("U+%04X, beyond ASCII", (int) c);
    }

    /** UTF-8 of one code point; a surrogate code point (a lone one) gets the three bytes WTF-8 gives it. */
    private static byte[] utf8(int cp) {
        if (cp < 0x80) {
            return new byte[] {(byte) cp};
        } else if (cp < 0x800) {
            return new byte[] {(byte) (0xC0 | cp >> 6), (byte) (0x80 | cp & 0x3F)};
        } else if (cp < 0x10000) {
            return new byte[] {(byte) (0xE0 | cp >> 12), (byte) (0x80 | cp >> 6 & 0x3F), (byte) (0x80 | cp & 0x3F)};
        }
        return new byte[] {(byte) (0xF0 | cp >> 18), (byte) (0x80 | cp >> 12 & 0x3F), (byte) (0x80 | cp >> 6 & 0x3F),
            (byte) (0x80 | cp & 0x3F)};
    }

    /** The inverse of {@link #utf8} over a whole byte sequence; refuses anything it would not have produced. */
    private static String decodeUtf8(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            int length = b < 0x80 ? 1 : b >= 0xC2 && b < 0xE0 ? 2 : b >= 0xE0 && b < 0xF0 ? 3
                    : b >= 0xF0 && b < 0xF5 ? 4 : 0;
            if (length == 0 || i + length > bytes.length) {
                throw new IllegalArgumentException("not a webhook-id: byte " + i + " starts no UTF-8 sequence");
            }
            int cp = length == 1 ? b : b & (0xFF >> (length + 1));
            for (int k = 1; k < length; k++) {
                int next = bytes[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    throw new IllegalArgumentException("not a webhook-id: byte " + (i + k) + " continues no UTF-8"
                            + " sequence");
                }
                cp = cp << 6 | next & 0x3F;
            }
            int shortest = length == 1 ? 0 : length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
            if (cp < shortest || cp > 0x10FFFF) {
                throw new IllegalArgumentException("not a webhook-id: bytes from " + i + " are an overlong or"
                        + " out-of-range UTF-8 sequence");
            }
            out.appendCodePoint(cp);
            i += length;
        }
        return out.toString();
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
