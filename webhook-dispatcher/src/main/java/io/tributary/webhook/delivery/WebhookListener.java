package io.tributary.webhook.delivery;

import io.tributary.model.Delivery;
import java.math.BigInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Consumes {@code tributary.handler.webhook} and its retry topics. A record's offset is committed once the
 * delivery succeeded or the record is on the next retry topic or the dead-letter topic, so a crash loses nothing.
 */
public class WebhookListener {

    static final String ATTEMPTS_HEADER = "retry_topic-attempts";

    private final WebhookDeliverer deliverer;

    public WebhookListener(WebhookDeliverer deliverer) {
        this.deliverer = deliverer;
    }

    @KafkaListener(id = "webhooks", topics = "#{@webhookTopic}", groupId = "${tributary.webhook.group-id:tributary-webhook-dispatcher}",
            concurrency = "${tributary.webhook.concurrency:2}")
    public void onDelivery(ConsumerRecord<String, Delivery> record) {
        deliverer.deliver(record.value(), attempt(record));
    }

    static int attempt(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(ATTEMPTS_HEADER);
        if (header == null || header.value().length == 0) {
            return 1;
        }
        return new BigInteger(header.value()).intValue();
    }
}
