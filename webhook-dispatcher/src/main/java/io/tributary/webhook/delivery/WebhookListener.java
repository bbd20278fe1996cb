package io.tributary.webhook.delivery;

import io.tributary.handler.DeliveryFailure;
import io.tributary.handler.DeliverySerde;
import io.tributary.model.Delivery;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Consumes {@code tributary.handler.webhook} and its retry topics.
 * <ul>
 *   <li>Main topic: deliveries run concurrently, without holding the consumer: the listener starts each one and
 *       takes the next record at once, so a slow endpoint holds up only its own deliveries (bounded per endpoint by
 *       {@link EndpointGuards}; beyond that they move to the retry topics). A failed delivery is forwarded to its
 *       next retry topic or the dead-letter topic by the same recoverer the retry machinery uses. Deliveries of
 *       ordered subscriptions ({@code config.ordered: true}) are forwarded, in order, to the ordered topic
 *       ({@link OrderedWebhookListener}).</li>
 *   <li>Retry topics: one attempt at a time; a failure is thrown to spring-kafka's retry machinery.</li>
 * </ul>
 * An offset is committed only once its record and every record before it in its partition are done: delivered,
 * or safely on a retry, ordered or dead-letter topic ({@link InFlightWindow}). A crash loses nothing; a record
 * delivered again carries the same {@code webhook-id}.
 */
public class WebhookListener {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookListener.class);
    static final String ATTEMPTS_HEADER = "retry_topic-attempts";
    /** Where a record on the ordered topic came from: {@code topic/partition/offset}. */
    public static final String FORWARDED_FROM_HEADER = "tributary-forwarded-from";

    private final WebhookDeliverer deliverer;
    private final String mainTopic;
    private final String orderedTopic;
    private final InFlightWindow window;
    private final Executor completion;
    private final ScheduledExecutorService later;
    private final DeadLetterPublishingRecoverer recoverer;
    private final KafkaTemplate<String, Object> template;

    /**
     * @param recoverer  forwards a failed main-topic record to its next retry topic or the dead-letter topic
     * @param template   writes to the ordered topic
     * @param completion where outcomes are handled
     * @param later      where a forward that failed (the broker not answering) is tried again
     */
    public WebhookListener(WebhookDeliverer deliverer, String mainTopic, String orderedTopic, InFlightWindow window,
            DeadLetterPublishingRecoverer recoverer, KafkaTemplate<String, Object> template, Executor completion,
            ScheduledExecutorService later) {
        this.deliverer = deliverer;
        this.mainTopic = mainTopic;
        this.orderedTopic = orderedTopic;
        this.window = window;
        this.recoverer = recoverer;
        this.template = template;
        this.completion = completion;
        this.later = later;
    }

    @KafkaListener(id = "webhooks", topics = "#{@webhookTopic}", groupId = "#{@webhookGroupId}",
            concurrency = "#{@webhookConcurrency}")
    public void onDelivery(ConsumerRecord<String, byte[]> record, Acknowledgment ack) {
        if (!record.topic().equals(mainTopic)) {
            deliverer.deliver(DeliverySerde.decode(record), attempt(record));
            ack.acknowledge();
            return;
        }
        InFlightWindow.Ticket ticket = window.start(record, ack);
        Delivery delivery;
        try {
            delivery = DeliverySerde.decode(record);
        } catch (DeliveryFailure.Permanent undecodable) {
            completion.execute(() -> recover(record, undecodable, ticket));
            return;
        }
        if (WebhookDeliverer.ordered(delivery)) {
            forward(record, ticket);
            return;
        }
        deliverer.deliverAsync(delivery, 1, completion).whenComplete((delivered, error) -> {
            if (error == null) {
                ticket.done();
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                recover(record, cause instanceof Exception e ? e : new IllegalStateException(cause), ticket);
            }
        });
    }

    /**
     * Writes an ordered subscription's delivery to the ordered topic before the next record is read, so the
     * deliveries of a record key keep their order there. Waits for the broker, trying again while it does not
     * answer: nothing after this record may go ahead of it.
     */
    private void forward(ConsumerRecord<String, byte[]> record, InFlightWindow.Ticket ticket) {
        ProducerRecord<String, Object> out = new ProducerRecord<>(orderedTopic, null, record.key(), record.value());
        out.headers().add(FORWARDED_FROM_HEADER, (record.topic() + "/" + record.partition() + "/" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        for (int tries = 1; ; tries++) {
            try {
                template.send(out).get(30, TimeUnit.SECONDS);
                ticket.done();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while forwarding to " + orderedTopic, e);
            } catch (Exception e) {
                LOG.warn("Could not forward {}-{}@{} to {} (try {}), trying again: {}", record.topic(),
                        record.partition(), record.offset(), orderedTopic, tries, e.getMessage());
                sleep(Duration.ofSeconds(Math.min(tries, 10)));
            }
        }
    }

    /** Forwards a failed main-topic record to its next topic; tries again until the broker took it. */
    private void recover(ConsumerRecord<String, byte[]> record, Exception failure, InFlightWindow.Ticket ticket) {
        try {
            recoverer.accept(record, null, failure);
            ticket.done();
        } catch (RuntimeException e) {
            LOG.warn("Could not forward failed delivery {}-{}@{} to its retry or dead-letter topic, trying again in"
                    + " 5 s: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            later.schedule(() -> completion.execute(() -> recover(record, failure, ticket)), 5, TimeUnit.SECONDS);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static int attempt(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(ATTEMPTS_HEADER);
        if (header == null || header.value().length == 0) {
            return 1;
        }
        return new BigInteger(header.value()).intValue();
    }
}
