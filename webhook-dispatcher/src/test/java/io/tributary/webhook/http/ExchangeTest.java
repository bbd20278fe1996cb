package io.tributary.webhook.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The excerpt an attempt keeps of a response body, and what a timed-out attempt records. */
class ExchangeTest {

    private final ScheduledExecutorService timer = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private Exchange exchange(Duration timeout) {
        Exchange exchange = new Exchange(timeout, Duration.ofSeconds(5), timer);
        exchange.connectionLeased(null);
        exchange.connected();
        exchange.answered(200, null, StandardCharsets.UTF_8);
        return exchange;
    }

    @Test
    void shouldKeepTheFirstKibibyteAndSayWhenTheBodyGoesOn() {
        Exchange exchange = exchange(Duration.ofSeconds(30));
        ByteBuffer first = ByteBuffer.wrap("a".repeat(1000).getBytes(StandardCharsets.UTF_8));
        ByteBuffer second = ByteBuffer.wrap("b".repeat(100).getBytes(StandardCharsets.UTF_8));

        assertThat(exchange.take(first)).isTrue();
        assertThat(exchange.take(second)).as("76 bytes past the excerpt").isFalse();
        assertThat(second.remaining()).isEqualTo(76);
        AttemptResult answer = exchange.answer(false);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.responseBody()).isEqualTo("a".repeat(1000) + "b".repeat(24));
    }

    @Test
    void shouldLeaveOutACharacterCutByTheEndOfTheExcerpt() {
        Exchange exchange = exchange(Duration.ofSeconds(30));
        // 1,023 ASCII bytes, then a three-byte euro sign of which one byte fits.
        exchange.take(ByteBuffer.wrap(("x".repeat(1023) + "€").getBytes(StandardCharsets.UTF_8)));

        assertThat(exchange.answer(false).responseBody()).isEqualTo("x".repeat(1023));
    }

    @Test
    void shouldReplaceBytesThatAreNotUtf8InAWholeBody() {
        Exchange exchange = exchange(Duration.ofSeconds(30));
        exchange.take(ByteBuffer.wrap(new byte[] {'o', 'k', (byte) 0xFF, (byte) 0xC3}));

        assertThat(exchange.answer(true).responseBody()).isEqualTo("ok\uFFFD\uFFFD");
    }

    @Test
    void shouldRecordATimeoutWithWhatTheBodyHadSentAndCancelTheRequest() {
        Exchange exchange = exchange(Duration.ofMillis(200));
        java.util.concurrent.CompletableFuture<Void> request = new java.util.concurrent.CompletableFuture<>();
        exchange.sent(request);
        exchange.take(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)));

        AttemptResult result = exchange.result().join();
        assertThat(result.status()).isZero();
        assertThat(result.error()).isEqualTo("timed out after 200 ms reading the response body of HTTP 200 (3 bytes so far)");
        assertThat(result.responseBody()).isEqualTo("abc");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(request::isCancelled);
    }

    @Test
    void shouldCompleteOnceWhateverComesAfter() {
        Exchange exchange = exchange(Duration.ofMillis(100));
        exchange.finish(exchange.answer(true));
        exchange.fail("late failure");

        AttemptResult result = exchange.result().join();
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.error()).isNull();
    }
}
