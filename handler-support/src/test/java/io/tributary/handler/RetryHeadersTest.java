package io.tributary.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class RetryHeadersTest {

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);
    private final RetryHeaders headers = new RetryHeaders(
            new RetrySchedule(5, Duration.ofSeconds(10), 2, Duration.ofMinutes(10)), clock);
    private final ConsumerRecord<String, String> first = new ConsumerRecord<>("wh.handler.webhook", 0, 0, "k", "v");

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Long due(Headers headers) {
        Header header = headers.lastHeader("retry_topic-backoff-timestamp");
        return header == null ? null : new BigInteger(header.value()).longValue();
    }

    @Test
    void shouldRecordTheLastStatusFoundThroughTheWrappingException() {
        Headers out = headers.apply(first, new ListenerExecutionFailedException("listener failed",
                new DeliveryFailure.Permanent(410, "HTTP 410", null)));
        assertThat(text(out, RetryHeaders.LAST_STATUS)).isEqualTo("410");
        assertThat(due(out)).isNull();
        assertThat(headers.apply(first, new IllegalStateException("not a delivery")).toArray()).isEmpty();
    }

    @Test
    void shouldMoveTheDueTimeOnlyWhenRetryAfterIsLongerThanTheScheduledWait() {
        Headers longer = headers.apply(first, new DeliveryFailure.Retryable(429, "HTTP 429", Duration.ofSeconds(30)));
        assertThat(text(longer, RetryHeaders.LAST_STATUS)).isEqualTo("429");
        assertThat(due(longer)).isEqualTo(1_000_000 + 30_000);

        Headers shorter = headers.apply(first, new DeliveryFailure.Retryable(503, "HTTP 503", Duration.ofSeconds(5)));
        assertThat(due(shorter)).as("the schedule's 10 s wait is longer").isNull();

        Headers capped = headers.apply(first, new DeliveryFailure.Retryable(429, "HTTP 429", Duration.ofHours(2)));
        assertThat(due(capped)).as("at most the schedule's longest wait").isEqualTo(1_000_000 + 600_000);
    }

    @Test
    void shouldNotScheduleAfterTheLastAttempt() {
        ConsumerRecord<String, String> last = new ConsumerRecord<>("wh.handler.webhook-retry-3", 0, 0, "k", "v");
        last.headers().add("retry_topic-attempts", BigInteger.valueOf(5).toByteArray());
        Headers out = headers.apply(last, new DeliveryFailure.Retryable(429, "HTTP 429", Duration.ofSeconds(30)));
        assertThat(due(out)).isNull();
        assertThat(text(out, RetryHeaders.LAST_STATUS)).isEqualTo("429");
    }

    @Test
    void shouldTakeTheExactWaitAHandlerDecided() {
        Headers shorter = headers.apply(first, new DeliveryFailure.Retryable(503, "HTTP 503", null,
                Duration.ofSeconds(2)));
        assertThat(due(shorter)).as("shorter than the service's schedule").isEqualTo(1_000_000 + 2_000);
        Headers capped = headers.apply(first, new DeliveryFailure.Retryable(503, "HTTP 503", null, Duration.ofDays(1)));
        assertThat(due(capped)).isEqualTo(1_000_000 + 600_000);
    }
}
