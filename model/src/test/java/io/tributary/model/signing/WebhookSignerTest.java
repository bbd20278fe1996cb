package io.tributary.model.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    // The Standard Webhooks specification's published test vector.
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TIMESTAMP = 1614265330L;
    static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void shouldProduceTheSpecificationsTestVector() {
        assertThat(WebhookSigner.sign(List.of(SECRET), ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void shouldSignWithEverySecretDuringRotation() {
        String next = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String header = WebhookSigner.sign(List.of(next, SECRET), ID, TIMESTAMP, BODY);
        assertThat(header.split(" ")).hasSize(2).contains(SIGNATURE);
        Instant now = Instant.ofEpochSecond(TIMESTAMP + 10);
        assertThat(WebhookSigner.verify(List.of(SECRET), ID, Long.toString(TIMESTAMP), header, BODY, now,
                WebhookSigner.DEFAULT_TOLERANCE)).isTrue();
        assertThat(WebhookSigner.verify(List.of(next), ID, Long.toString(TIMESTAMP), header, BODY, now,
                WebhookSigner.DEFAULT_TOLERANCE)).isTrue();
    }

    @Test
    void shouldRefuseATamperedBodyAWrongSecretOrAStaleTimestamp() {
        Instant now = Instant.ofEpochSecond(TIMESTAMP);
        String ts = Long.toString(TIMESTAMP);
        assertThat(WebhookSigner.verify(List.of(SECRET), ID, ts, SIGNATURE, BODY, now, Duration.ofMinutes(5))).isTrue();
        assertThat(WebhookSigner.verify(List.of(SECRET), ID, ts, SIGNATURE,
                "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), now, Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSigner.verify(List.of("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24])),
                ID, ts, SIGNATURE, BODY, now, Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSigner.verify(List.of(SECRET), ID, ts, SIGNATURE, BODY, now.plusSeconds(301),
                Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSigner.verify(List.of(SECRET), "msg_other", ts, SIGNATURE, BODY, now,
                Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSigner.verify(List.of(SECRET), ID, "soon", SIGNATURE, BODY, now,
                Duration.ofMinutes(5))).isFalse();
    }
}
