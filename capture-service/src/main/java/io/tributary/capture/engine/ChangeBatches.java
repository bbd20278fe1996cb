package io.tributary.capture.engine;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.capture.config.CaptureProperties;
import io.tributary.capture.config.CaptureProperties.FailureHandling;
import io.tributary.capture.convert.ChangeEventConverter;
import io.tributary.capture.convert.SubscriptionRows;
import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.DeadLetterHeaders.ReasonCode;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Debezium's batches of changes to the events topic, deciding per change what happens to one that cannot
 * be converted (the converter throws), is larger than {@code max-event-bytes}, or that Kafka refuses (a record too
 * large for the topic): under {@code failure-handling-mode} it becomes a dead letter, is skipped with a log line,
 * or stops the capture. A batch's position is committed only after Kafka acknowledged every event and dead letter
 * of it; an error that is not about one change (Kafka unreachable) fails the batch, which is read again after the
 * restart. Used by one engine thread at a time.
 */
final class ChangeBatches {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeBatches.class);

    /** Why a change failed, the {@code cause} tag of {@code tributary_capture_failures_total}. */
    enum Cause {
        CONVERSION("conversion", ReasonCode.UNCONVERTIBLE), TOO_LARGE("too-large", ReasonCode.TOO_LARGE),
        REFUSED("refused", ReasonCode.KAFKA_REFUSED);

        final String tag;
        /** The dead letter's {@code tributary-reason-code}. */
        final ReasonCode code;

        Cause(String tag, ReasonCode code) {
            this.tag = tag;
            this.code = code;
        }
    }

    /** A change the capture could not write: stops the capture under {@code failure-handling-mode=fail}. */
    static final class ChangeFailedException extends RuntimeException {
        ChangeFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final CaptureProperties properties;
    private final ChangeEventConverter converter;
    private final SubscriptionRows subscriptionRows;
    private final KafkaProducer<String, byte[]> producer;
    private final String eventsTopic;
    private final String subscriptionsTopic;
    private final String deadLetterTopic;
    private final Counter captured;
    private final MeterRegistry registry;

    ChangeBatches(CaptureProperties properties, ChangeEventConverter converter, SubscriptionRows subscriptionRows,
            KafkaProducer<String, byte[]> producer, MeterRegistry registry) {
        Topics topics = new Topics(properties.topicPrefix());
        this.properties = properties;
        this.converter = converter;
        this.subscriptionRows = subscriptionRows;
        this.producer = producer;
        this.eventsTopic = topics.events();
        this.subscriptionsTopic = topics.subscriptions();
        this.deadLetterTopic = topics.captureDeadLetter();
        this.registry = registry;
        this.captured = Counter.builder("tributary.capture.events").description("row changes written to the events topic")
                .register(registry);
    }

    /** Another record sent (a dead letter, a mirrored subscription), waiting for Kafka's acknowledgement. */
    private record Pending(ProducerRecord<String, byte[]> deadLetter, Future<RecordMetadata> ack) {
    }

    /** A change sent to the events topic, waiting for Kafka's acknowledgement. */
    private record Sent(SourceRecord change, String key, byte[] value, Future<RecordMetadata> ack) {
    }

    void handle(List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        List<Sent> sent = new ArrayList<>(records.size());
        List<Pending> others = new ArrayList<>();
        for (RecordChangeEvent<SourceRecord> record : records) {
            SourceRecord change = record.record();
            if (subscriptionRows != null && subscriptionRows.covers(change)) {
                mirror(change, others);
                continue;
            }
            EventEnvelope event;
            byte[] value;
            try {
                event = converter.convert(change);
                if (event == null) {
                    continue;
                }
                value = Json.write(event.toJson()).getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                failed(change, null, null, Cause.CONVERSION, "the change could not be converted to an event: "
                        + message(e), e, others);
                continue;
            }
            int size = event.recordKey().getBytes(StandardCharsets.UTF_8).length + value.length;
            if (size > properties.maxEventBytes()) {
                String reason = "the event is " + size + " bytes, more than tributary.capture.max-event-bytes ("
                        + properties.maxEventBytes() + ")";
                failed(change, event.recordKey(), value, Cause.TOO_LARGE, reason, new RecordTooLargeException(reason),
                        others);
                continue;
            }
            sent.add(new Sent(change, event.recordKey(), value,
                    producer.send(new ProducerRecord<>(eventsTopic, event.recordKey(), value))));
        }
        int events = 0;
        for (Sent event : sent) {
            try {
                event.ack().get();
                events++;
            } catch (ExecutionException e) {
                if (!isAboutOneRecord(e.getCause())) {
                    // Stop without committing: the restarted capture reads this batch again.
                    throw new IllegalStateException("could not write a captured change to " + eventsTopic + ": "
                            + message(e.getCause()), e.getCause());
                }
                failed(event.change(), event.key(), event.value(), Cause.REFUSED, "Kafka refused the event: "
                        + message(e.getCause()), e.getCause(), others);
            }
        }
        for (Pending other : others) {
            try {
                other.ack().get();
            } catch (ExecutionException e) {
                if (other.deadLetter() == null || !isAboutOneRecord(e.getCause())) {
                    throw new IllegalStateException("could not write a captured change's record: "
                            + message(e.getCause()), e.getCause());
                }
                // The dead-letter topic refused the value (its max.message.bytes is below one Kafka record):
                // the dead letter goes without it, so that it never stalls the capture.
                awaitWithoutValue(other.deadLetter());
            }
        }
        captured.increment(events);
        for (RecordChangeEvent<SourceRecord> record : records) {
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
    }

    private void mirror(SourceRecord change, List<Pending> sends) {
        try {
            subscriptionRows.mirror(change).ifPresentOrElse(
                    mirror -> sends.add(new Pending(null, producer.send(new ProducerRecord<>(subscriptionsTopic,
                            mirror.id(), mirror.json() == null ? null : mirror.json().getBytes(StandardCharsets.UTF_8))))),
                    () -> LOG.warn("TRUNCATE of {} is not mirrored: delete subscription rows instead",
                            properties.subscriptionTable()));
        } catch (RuntimeException e) {
            failed(change, null, null, Cause.CONVERSION, "the subscription row could not be mirrored: " + message(e),
                    e, sends);
        }
    }

    /** Applies the failure handling mode to one change; a dead letter's acknowledgement joins {@code sends}. */
    private void failed(SourceRecord change, String key, byte[] payload, Cause cause, String reason, Throwable error,
            List<Pending> sends) {
        FailureHandling mode = properties.failureHandling();
        registry.counter("tributary.capture.failures", "cause", cause.tag, "outcome", mode.value()).increment();
        ProducerRecord<String, byte[]> letter = CaptureDeadLetter.of(deadLetterTopic, change, key, payload, cause.code,
                reason, error);
        String where = header(letter, DeadLetterHeaders.TABLE) + " key "
                + header(letter, DeadLetterHeaders.KEY) + " at "
                + header(letter, DeadLetterHeaders.LSN);
        switch (mode) {
            case FAIL -> throw new ChangeFailedException("change of " + where + " failed (failure-handling-mode fail): "
                    + reason, error);
            case SKIP -> LOG.warn("Skipped the change of {} (failure-handling-mode skip): {}", where, reason);
            case DEAD_LETTER -> {
                LOG.warn("Dead-lettered the change of {} to {}: {}", where, deadLetterTopic, reason);
                sends.add(new Pending(letter, producer.send(letter)));
            }
        }
    }

    private void awaitWithoutValue(ProducerRecord<String, byte[]> letter) throws InterruptedException {
        try {
            producer.send(CaptureDeadLetter.withoutValue(letter)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write a dead letter to " + deadLetterTopic + ": "
                    + message(e.getCause()), e.getCause());
        }
    }

    /** Whether Kafka refused the record itself, rather than being unreachable or refusing every record. */
    static boolean isAboutOneRecord(Throwable error) {
        return error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException
                || error instanceof InvalidRecordException;
    }

    private static String header(ProducerRecord<String, byte[]> letter, String name) {
        return new String(letter.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String message(Throwable error) {
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }
}
