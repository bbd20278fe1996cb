package io.tributary.webhook.delivery;

import io.tributary.handler.DeliveryFailure;
import io.tributary.handler.DeliverySerde;
import io.tributary.handler.RetryHeaders;
import io.tributary.handler.RetrySchedule;
import io.tributary.model.Delivery;
import io.tributary.model.WebhookConfig;
import java.nio.ByteBuffer;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Delivers the subscriptions with {@code config.ordered: true}: their deliveries come from the main topic, in
 * order, onto {@code tributary.handler.webhook-ordered} (same keys, so one record key stays in one partition), and
 * are delivered one at a time per partition. A failed delivery is retried in place, per the subscription's
 * {@code config.retry} or the service's schedule, while its partition is paused: the changes after it wait behind
 * it, including those of other keys in the same partition, and nothing else does. After the last attempt, or at
 * once for a permanent failure, it goes to {@code tributary.handler.webhook-dlt} and the next one is delivered.
 * A dispatcher restarted mid-way starts the attempts of the waiting delivery afresh.
 */
public class OrderedWebhookListener {

    public static final String TOPIC_SUFFIX = "-ordered";

    private final WebhookDeliverer deliverer;

    public OrderedWebhookListener(WebhookDeliverer deliverer) {
        this.deliverer = deliverer;
    }

    @KafkaListener(id = "webhooks-ordered", topics = "#{@orderedWebhookTopic}",
            groupId = "#{@webhookGroupId}" + TOPIC_SUFFIX, concurrency = "#{@webhookConcurrency}",
            containerFactory = "orderedWebhookContainerFactory")
    public void onDelivery(ConsumerRecord<String, byte[]> record) {
        deliverer.deliver(DeliverySerde.decode(record), attempt(record));
    }

    /** The attempt this is: spring-kafka counts the deliveries of a record it retries in place. */
    static int attempt(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(KafkaHeaders.DELIVERY_ATTEMPT);
        return header == null || header.value().length != 4 ? 1 : ByteBuffer.wrap(header.value()).getInt();
    }

    /**
     * Retries a failed ordered delivery in place with the subscription's schedule (its missing settings from the
     * service's), pausing only its partition between attempts; a {@link DeliveryFailure.Permanent} goes to the
     * dead-letter topic at once, with Tributary's headers.
     */
    public static DefaultErrorHandler errorHandler(KafkaTemplate<String, Object> template, String deadLetterTopic,
            RetrySchedule schedule, ListenerContainerPauseService pauses) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(deadLetterTopic, -1));
        recoverer.setHeadersFunction(new RetryHeaders(schedule, Clock.systemUTC()));
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff(schedule),
                new ContainerPausingBackOffHandler(pauses));
        handler.setBackOffFunction((record, exception) -> backOff(schedule(record, schedule)));
        handler.addNotRetryableExceptions(DeliveryFailure.Permanent.class);
        return handler;
    }

    /** The schedule of the record's subscription: its {@code config.retry} over the service's. */
    static RetrySchedule schedule(ConsumerRecord<?, ?> record, RetrySchedule service) {
        if (!(record.value() instanceof byte[] bytes)) {
            return service;
        }
        WebhookConfig.Retry own;
        try {
            Delivery delivery = new DeliverySerde.Reader().deserialize(record.topic(), bytes);
            own = delivery.subscription().webhookConfig().retry();
        } catch (RuntimeException e) {
            // Not a delivery, or not a webhook's config: its failure is permanent, the schedule does not matter.
            return service;
        }
        return WebhookDeliverer.schedule(own, service);
    }

    static BackOff backOff(RetrySchedule schedule) {
        ExponentialBackOff backOff = new ExponentialBackOff(schedule.initialInterval().toMillis(),
                schedule.multiplier());
        backOff.setMaxInterval(schedule.maxInterval().toMillis());
        backOff.setMaxAttempts(schedule.maxAttempts() - 1);
        backOff.setJitter(schedule.initialInterval().toMillis() / 2);
        return backOff;
    }
}
