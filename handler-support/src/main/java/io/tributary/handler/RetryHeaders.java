package io.tributary.handler;

import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.DeadLetterHeaders.ReasonCode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.SingleRecordHeader;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.messaging.converter.MessageConversionException;

/**
 * The headers Tributary adds when a delivery moves to a retry topic or the dead-letter topic, beside
 * spring-kafka's provenance headers:
 * <ul>
 *   <li>{@code tributary-last-status}: the HTTP status of the last attempt ({@code 0} when no response came), so
 *       a dead letter says what the endpoint last answered;</li>
 *   <li>when another attempt follows, the retry's due time ({@code retry_topic-backoff-timestamp}): after
 *       {@link RetrySchedule#delay} (the scheduled wait with its documented jitter, between half and all of it,
 *       drawn for each delivery), or after a {@code Retry-After} the endpoint sent with 429 or 503 when that is
 *       longer (at most the schedule's longest wait);</li>
 *   <li>when the handler decided the exact wait ({@link DeliveryFailure.Retryable#delay()}, a subscription's own
 *       schedule), the retry is due after it;</li>
 *   <li>when the record goes to the dead-letter topic, why: {@code tributary-reason-code}
 *       ({@link DeliveryFailure.Permanent#code()}, {@code RETRIES_EXHAUSTED} when no attempt is left,
 *       {@code UNDECODABLE} for a record that could not be deserialized) and {@code tributary-reason};</li>
 *   <li>{@code tributary-header-encoding}: the provenance spring-kafka's recoverer writes is binary
 *       ({@link DeadLetterHeaders}).</li>
 * </ul>
 * The retry topics' own delays (spring-kafka's, fixed per topic) are only the fallback for a record without it.
 */
public final class RetryHeaders implements BiFunction<ConsumerRecord<?, ?>, Exception, Headers> {

    public static final String LAST_STATUS = DeadLetterHeaders.LAST_STATUS;
    static final String ATTEMPTS = RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS;

    private final RetrySchedule schedule;
    private final Clock clock;
    private final Supplier<RandomGenerator> random;

    public RetryHeaders(RetrySchedule schedule, Clock clock) {
        this(schedule, clock, ThreadLocalRandom::current);
    }

    RetryHeaders(RetrySchedule schedule, Clock clock, Supplier<RandomGenerator> random) {
        this.schedule = schedule;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public Headers apply(ConsumerRecord<?, ?> record, Exception exception) {
        RecordHeaders headers = new RecordHeaders();
        DeliveryFailure failure = failure(exception);
        int attempt = attempt(record);
        if (failure == null) {
            if (undecodable(exception)) {
                deadLetter(headers, ReasonCode.UNDECODABLE, exception);
            } else if (!schedule.hasNext(attempt)) {
                deadLetter(headers, ReasonCode.RETRIES_EXHAUSTED, exception);
            }
            return headers;
        }
        headers.add(new SingleRecordHeader(LAST_STATUS, Integer.toString(failure.status())
                .getBytes(StandardCharsets.UTF_8)));
        if (failure instanceof DeliveryFailure.Retryable retryable && schedule.hasNext(attempt)) {
            Duration wait = retryable.delay() != null
                    ? (retryable.delay().compareTo(schedule.maxInterval()) > 0 ? schedule.maxInterval() : retryable.delay())
                    : schedule.delay(attempt, retryable.retryAfter(), random.get());
            headers.add(new SingleRecordHeader(RetryTopicHeaders.DEFAULT_HEADER_BACKOFF_TIMESTAMP,
                    BigInteger.valueOf(clock.millis() + wait.toMillis()).toByteArray()));
        } else {
            deadLetter(headers, failure instanceof DeliveryFailure.Permanent permanent ? permanent.code()
                    : ReasonCode.RETRIES_EXHAUSTED, failure);
        }
        return headers;
    }

    /** The reason headers and the encoding marker of a record bound for the dead-letter topic. */
    private static void deadLetter(Headers headers, ReasonCode code, Throwable exception) {
        Headers ours = new RecordHeaders();
        DeadLetterHeaders.writeReason(ours, code, String.valueOf(exception.getMessage()));
        DeadLetterHeaders.writeEncoding(ours);
        // Single: each forward replaces the values an earlier one wrote instead of adding more.
        ours.forEach(header -> headers.add(new SingleRecordHeader(header.key(), header.value())));
    }

    /** Whether the record could not be deserialized: spring-kafka never retries that. */
    private static boolean undecodable(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof DeserializationException || cause instanceof MessageConversionException) {
                return true;
            }
        }
        return false;
    }

    static DeliveryFailure failure(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof DeliveryFailure failure) {
                return failure;
            }
        }
        return null;
    }

    /** The attempt a record on the main or a retry topic is: 1 on the main topic. */
    static int attempt(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(ATTEMPTS);
        if (header == null || header.value().length == 0) {
            return 1;
        }
        return new BigInteger(header.value()).intValue();
    }
}
