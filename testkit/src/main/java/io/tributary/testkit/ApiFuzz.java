package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * What the fuzz and security tests of Tributary's HTTP APIs share: one raw request and its answer, byte-level
 * mutations of a body, a deeply nested JSON value, and the check every refusal must pass. Thread-safe.
 */
public final class ApiFuzz {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final byte[] NASTY_BYTES = {0, (byte) 0xFF, (byte) 0xC0, (byte) 0xED, (byte) 0x80, '"', '{', '[',
        ',', '\\', ':', '}', ']', '\n', '\r', 0x7F};

    private ApiFuzz() {
    }

    /** An answer: the status, the body as text, and the body as JSON when it is JSON (else null). */
    public record Reply(int status, String text, JsonNode json) {
    }

    /**
     * Sends {@code body} (none when null) to {@code url} with the {@code Authorization} header and
     * {@code Content-Type} given (none when null).
     */
    public static Reply send(String method, String url, String authorization, byte[] body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = response.body().isBlank() ? null : MAPPER.readTree(response.body());
        } catch (IOException notJson) {
            json = null;
        }
        return new Reply(response.statusCode(), response.body(), json);
    }

    /** A refusal is a 4xx whose JSON body gives the reason and, for every detail, a path and a reason. */
    public static void assertRefusedWithReason(Reply reply, String what) {
        assertThat(reply.status()).as(what + ": " + reply.text()).isBetween(400, 499);
        assertThat(reply.json()).as(what + ": a JSON error body, got " + reply.text()).isNotNull();
        assertThat(reply.json().path("error").asText()).as(what).isNotBlank();
        assertThat(reply.json().path("details").isArray()).as(what + ": " + reply.text()).isTrue();
        reply.json().path("details").forEach(detail -> {
            assertThat(detail.path("path").isTextual()).as(what + ": " + reply.text()).isTrue();
            assertThat(detail.path("reason").asText()).as(what + ": " + reply.text()).isNotBlank();
        });
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Arrays and objects nested {@code depth} levels around a number. */
    public static JsonNode deep(int depth) {
        JsonNode node = JsonNodeFactory.instance.numberNode(1);
        for (int i = 0; i < depth; i++) {
            node = i % 2 == 0 ? JsonNodeFactory.instance.arrayNode().add(node)
                    : JsonNodeFactory.instance.objectNode().set("a", node);
        }
        return node;
    }

    /** One byte-level mutation: truncation, an inserted nasty byte, a deletion, a duplicated run or a flipped bit. */
    public static byte[] mutateBytes(byte[] bytes, Random random) {
        if (bytes.length == 0) {
            return bytes;
        }
        int at = random.nextInt(bytes.length);
        return switch (random.nextInt(5)) {
            case 0 -> Arrays.copyOf(bytes, at);
            case 1 -> concat(Arrays.copyOf(bytes, at), new byte[] {NASTY_BYTES[random.nextInt(NASTY_BYTES.length)]},
                    Arrays.copyOfRange(bytes, at, bytes.length));
            case 2 -> concat(Arrays.copyOf(bytes, at),
                    Arrays.copyOfRange(bytes, Math.min(bytes.length, at + 1 + random.nextInt(8)), bytes.length));
            case 3 -> concat(Arrays.copyOf(bytes, at), Arrays.copyOfRange(bytes, at,
                    Math.min(bytes.length, at + 1 + random.nextInt(16))), Arrays.copyOfRange(bytes, at, bytes.length));
            default -> {
                byte[] copy = bytes.clone();
                copy[at] ^= (byte) (1 << random.nextInt(8));
                yield copy;
            }
        };
    }

    /** The start of a body for a failure message. */
    public static String preview(byte[] body, int chars) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > chars ? text.substring(0, chars) + "... (" + body.length + " bytes)" : text;
    }
}
