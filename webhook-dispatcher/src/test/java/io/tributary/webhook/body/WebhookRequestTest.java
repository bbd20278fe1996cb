package io.tributary.webhook.body;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookRequestTest {

    static final String SHA256_OF_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void shouldShowTheHeadersAsSentWithConfiguredValuesAndTheSignatureMasked() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer 0123456789abcdef");
        headers.put("X-Short", "abc");
        headers.put("webhook-id", "rechnung-%E2%82%AC-7:sub_1");
        headers.put("webhook-timestamp", "1767225600");
        headers.put("webhook-signature", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=");
        WebhookRequest request = new WebhookRequest(headers, "abc".getBytes(StandardCharsets.UTF_8));

        ObjectNode shown = request.shown(URI.create("https://crm.example.com/hooks?token=s3cr3t&x=1"),
                Map.of("Authorization", "Bearer 0123456789abcdef", "X-Short", "abc"));

        assertThat(Json.write(shown)).isEqualTo("{\"method\":\"POST\",\"url\":\"https://crm.example.com/hooks?…\","
                + "\"headers\":[{\"name\":\"content-type\",\"value\":\"application/json; charset=UTF-8\"},"
                + "{\"name\":\"Authorization\",\"value\":\"…cdef\"},{\"name\":\"X-Short\",\"value\":\"…\"},"
                + "{\"name\":\"webhook-id\",\"value\":\"rechnung-%E2%82%AC-7:sub_1\"},"
                + "{\"name\":\"webhook-timestamp\",\"value\":\"1767225600\"},"
                + "{\"name\":\"webhook-signature\",\"value\":\"v1,… (masked)\"}],"
                + "\"bodyBytes\":3,\"bodySha256\":\"" + SHA256_OF_ABC + "\",\"body\":\"abc\",\"bodyTruncated\":false}");
    }

    @Test
    void shouldShowTheStartOfALargeBodyEndingOnAWholeCharacter() {
        byte[] body = ("x".repeat(WebhookRequest.MAX_SHOWN_BODY_BYTES - 1) + "€ and more").getBytes(
                StandardCharsets.UTF_8);

        ObjectNode shown = new WebhookRequest(Map.of(), body).shown(URI.create("http://127.0.0.1:8090/hooks"),
                Map.of());

        assertThat(shown.get("bodyBytes").asInt()).isEqualTo(WebhookRequest.MAX_SHOWN_BODY_BYTES - 1 + 3 + 9);
        assertThat(shown.get("body").asText()).isEqualTo("x".repeat(WebhookRequest.MAX_SHOWN_BODY_BYTES - 1));
        assertThat(shown.get("bodyTruncated").asBoolean()).isTrue();
        assertThat(shown.get("url").asText()).isEqualTo("http://127.0.0.1:8090/hooks");
    }

    @Test
    void shouldKeepABodyOfExactlyTheLimitWhole() {
        byte[] body = "y".repeat(WebhookRequest.MAX_SHOWN_BODY_BYTES).getBytes(StandardCharsets.UTF_8);

        ObjectNode shown = new WebhookRequest(Map.of(), body).shown(URI.create("http://127.0.0.1/"), Map.of());

        assertThat(shown.get("body").asText()).hasSize(WebhookRequest.MAX_SHOWN_BODY_BYTES);
        assertThat(shown.get("bodyTruncated").asBoolean()).isFalse();
    }
}
