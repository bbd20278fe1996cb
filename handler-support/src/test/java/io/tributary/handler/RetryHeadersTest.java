package io.tributary.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.SingleRecordHeader;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

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
        assertThat(due(shorter)).as("the schedule's jittered wait, at least the 5 s asked for")
                .isBetween(1_000_000L + 5_000, 1_000_000L + 10_000);

        Headers capped = headers.apply(first, new DeliveryFailure.Retryable(429, "HTTP 429", Duration.ofHours(2)));
        assertThat(due(capped)).as("at most the schedule's longest wait").isEqualTo(1_000_000 + 600_000);
    }

    @Test
    void shouldWaitBetweenHalfAndAllOfEachScheduledWait() {
        // The local stack's schedule: 4 attempts, 2 s doubling to 10 s, so "up to 2, 4 and 8 s".
        Random random = new Random(7);
        RetryHeaders local = new RetryHeaders(new RetrySchedule(4, Duration.ofSeconds(2), 2, Duration.ofSeconds(10)),
                clock, () -> random);
        long[] upTo = {2_000, 4_000, 8_000};
        for (int attempt = 1; attempt <= 3; attempt++) {
            ConsumerRecord<String, String> record = new ConsumerRecord<>("wh.handler.webhook", 0, 0, "k", "v");
            record.headers().add("retry_topic-attempts", BigInteger.valueOf(attempt).toByteArray());
            Set<Long> waits = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                long wait = due(local.apply(record, new DeliveryFailure.Retryable(503, "HTTP 503", null))) - 1_000_000;
                assertThat(wait).as("wait after attempt %d", attempt).isBetween(upTo[attempt - 1] / 2, upTo[attempt - 1]);
                waits.add(wait);
            }
            assertThat(waits).as("drawn for each delivery").hasSizeGreaterThan(100);
        }
        ConsumerRecord<String, String> last = new ConsumerRecord<>("wh.handler.webhook-retry-2", 0, 0, "k", "v");
        last.headers().add("retry_topic-attempts", BigInteger.valueOf(4).toByteArray());
        assertThat(due(local.apply(last, new DeliveryFailure.Retryable(503, "HTTP 503", null))))
                .as("no wait after the last attempt").isNull();
    }

    @Test
    void shouldNotScheduleAfterTheLastAttempt() {
        ConsumerRecord<String, String> last = new ConsumerRecord<>("wh.handler.webhook-retry-3", 0, 0, "k", "v");
        last.headers().add("retry_topic-attempts", BigInteger.valueOf(5).toByteArray());
        Headers out = headers.apply(last, new DeliveryFailure.Retryable(429, "HTTP 429", Duration.ofSeconds(30)));
        assertThat(due(out)).isNull();
        assertThat(text(out, RetryHeaders.LAST_STATUS)).isEqualTo("429");
        assertThat(text(out, "tributary-reason-code")).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(text(out, "tributary-reason")).isEqualTo("HTTP 429");
        assertThat(text(out, "tributary-header-encoding")).isEqualTo("binary");
        Headers crashed = headers.apply(last, new IllegalStateException("the handler crashed"));
        assertThat(text(crashed, "tributary-reason-code")).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(text(crashed, "tributary-reason")).isEqualTo("the handler crashed");
    }

    @Test
    void shouldNameWhyADeadLetterIsOneOnlyWhenTheRecordGoesToTheDeadLetterTopic() {
        Headers retried = headers.apply(first, new DeliveryFailure.Retryable(503, "HTTP 503", null));
        assertThat(retried.lastHeader("tributary-reason-code")).isNull();
        assertThat(retried.lastHeader("tributary-reason")).isNull();

        Headers gone = headers.apply(first, new ListenerExecutionFailedException("listener failed",
                new DeliveryFailure.Permanent(400, "HTTP 400 bad payload", null)));
        assertThat(text(gone, "tributary-reason-code")).isEqualTo("PERMANENT_HTTP_STATUS");
        assertThat(text(gone, "tributary-reason")).isEqualTo("HTTP 400 bad payload");
        assertThat(text(gone, "tributary-header-encoding")).isEqualTo("binary");
        assertThat(gone.toArray()).allMatch(header -> header instanceof SingleRecordHeader);

        Headers refused = headers.apply(first, new DeliveryFailure.Permanent(0, "refused: 10.0.0.1 is internal", null));
        assertThat(text(refused, "tributary-reason-code")).isEqualTo("PERMANENT_FAILURE");

        ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>("wh.handler.webhook", 0, 0, "k",
                "{not json".getBytes(StandardCharsets.UTF_8));
        DeliveryFailure undecodable = org.assertj.core.api.Assertions.catchThrowableOfType(DeliveryFailure.class,
                () -> DeliverySerde.decode(garbage));
        assertThat(text(headers.apply(first, undecodable), "tributary-reason-code")).isEqualTo("UNDECODABLE");

        Headers deserialization = headers.apply(first, new ListenerExecutionFailedException("listener failed",
                new DeserializationException("failed to deserialize", new byte[0], false, null)));
        assertThat(text(deserialization, "tributary-reason-code")).isEqualTo("UNDECODABLE");
        assertThat(text(deserialization, "tributary-reason")).isEqualTo("listener failed");
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
