package io.tributary.model.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookHeadersTest {

    @ParameterizedTest(name = "{0} is sent as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0/193D550:public.demo_orders:sub_demo | 0/193D550:public.demo_orders:sub_demo
            rechnung-€-7:sub_1                    | rechnung-%E2%82%AC-7:sub_1
            grüße:sub_1                           | gr%C3%BC%C3%9Fe:sub_1
            50%:sub_1                             | 50%25:sub_1
            😀:s                                  | %F0%9F%98%80:s
            """)
    void shouldPercentEncodeEverythingOutsideVisibleAscii(String deliveryId, String messageId) {
        assertThat(WebhookHeaders.messageId(deliveryId)).isEqualTo(messageId);
        assertThat(WebhookHeaders.deliveryId(messageId)).isEqualTo(deliveryId);
        assertThat(URLDecoder.decode(messageId, StandardCharsets.UTF_8)).isEqualTo(deliveryId);
    }

    @Test
    void shouldEncodeControlCharactersLineBreaksAndLoneSurrogatesLosslessly() {
        assertThat(WebhookHeaders.messageId(" a b :s")).isEqualTo("%20a%20b%20:s");
        String id = "a\r\nb\u0000\u007f\u0085\ud800x\udc00";
        String messageId = WebhookHeaders.messageId(id);
        assertThat(messageId).isEqualTo("a%0D%0Ab%00%7F%C2%85%ED%A0%80x%ED%B0%80");
        assertThat(WebhookHeaders.deliveryId(messageId)).isEqualTo(id);
    }

    @Test
    void shouldGiveDifferentDeliveryIdsDifferentMessageIds() {
        assertThat(WebhookHeaders.messageId("a€")).isNotEqualTo(WebhookHeaders.messageId("a%E2%82%AC"));
        assertThat(WebhookHeaders.messageId("a%E2%82%AC")).isEqualTo("a%25E2%2582%25AC");
        assertThat(WebhookHeaders.messageId("\ud83d\ude00")).isNotEqualTo(WebhookHeaders.messageId("\ud83d"));
    }

    @Test
    void shouldRefuseTextThatIsNoMessageId() {
        assertThatThrownBy(() -> WebhookHeaders.deliveryId("a b")).hasMessageContaining("character 1");
        assertThatThrownBy(() -> WebhookHeaders.deliveryId("a%C3")).hasMessageContaining("byte 1");
        assertThatThrownBy(() -> WebhookHeaders.deliveryId("%E0%80%AF")).hasMessageContaining("overlong");
    }

    @Test
    void shouldSignTheMessageIdThatIsSent() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = WebhookHeaders.signed(Map.of("X-Team", "a b"), List.of(WebhookSignerTest.SECRET),
                "rechnung-€-7:sub_1", 1614265330L, body);
        assertThat(headers).containsEntry("X-Team", "a b")
                .containsEntry("webhook-id", "rechnung-%E2%82%AC-7:sub_1")
                .containsEntry("webhook-timestamp", "1614265330")
                .containsEntry("webhook-signature", WebhookSigner.sign(List.of(WebhookSignerTest.SECRET),
                        "rechnung-%E2%82%AC-7:sub_1", 1614265330L, body));
        assertThatThrownBy(() -> WebhookSigner.sign(List.of(WebhookSignerTest.SECRET), "rechnung-€-7", 1L, body))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("visible ASCII");
    }

    @Test
    void shouldRefuseAConfiguredValueThatCannotBeSentAsConfigured() {
        assertThat(WebhookHeaders.valueProblem("Bearer abc.def")).isNull();
        assertThat(WebhookHeaders.valueProblem("")).isNull();
        assertThat(WebhookHeaders.valueProblem("Zürich")).contains("character 1 is U+00FC, beyond ASCII");
        assertThat(WebhookHeaders.valueProblem("a\u0001b")).contains("character 1 is the control character U+0001");
        assertThat(WebhookHeaders.valueProblem("a\r\nb")).contains("U+000D");
        assertThat(WebhookHeaders.valueProblem(" a")).contains("a space at the start or end");
        assertThatThrownBy(() -> WebhookHeaders.signed(Map.of("X-City", "Zürich"), List.of(), "d", 1L, new byte[0]))
                .hasMessageStartingWith("config.headers.X-City must be a single-line string of visible ASCII");
    }
}
