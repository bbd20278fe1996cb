package io.tributary.webhook.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.handler.ListenerConsumers;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Health of the dispatcher's Kafka listener containers (component {@code webhookListeners}, in the readiness
 * group): DOWN while any consumer of the handler topic, its retry topics or the ordered topic is not running, naming
 * them. A consumer that stops is logged once with the reason. The gauge {@code tributary_webhook_listener_consumers}
 * counts consumer threads by state ({@code running}, {@code stopped}). UP with {@code consuming: false} when
 * {@code tributary.webhook.enabled} is off. Thread-safe.
 */
@Component("webhookListenersHealthIndicator")
public class WebhookListenersHealthIndicator implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookListenersHealthIndicator.class);

    private final boolean enabled;
    private final ObjectProvider<KafkaListenerEndpointRegistry> registry;

    public WebhookListenersHealthIndicator(@Value("${tributary.webhook.enabled:true}") boolean enabled,
            ObjectProvider<KafkaListenerEndpointRegistry> registry, MeterRegistry meters) {
        this.enabled = enabled;
        this.registry = registry;
        for (boolean running : new boolean[] {true, false}) {
            Gauge.builder("tributary.webhook.listener.consumers", () -> consumers().stream()
                            .filter(c -> c.isRunning() == running).count())
                    .description("Consumer threads of the webhook dispatcher's listener containers, by state")
                    .tag("state", running ? "running" : "stopped").register(meters);
        }
    }

    @Override
    public Health health() {
        if (!enabled) {
            return Health.up().withDetail("consuming", false).build();
        }
        List<MessageListenerContainer> consumers = consumers();
        String problem = ListenerConsumers.problem(consumers, WebhookListenersHealthIndicator::name);
        Health.Builder health = problem == null ? Health.up() : Health.down().withDetail("problem", problem);
        return health.withDetail("consumers", ListenerConsumers.summary(consumers)).build();
    }

    /** Logs once that a consumer stopped and why; readiness says DOWN until it runs again. */
    @EventListener
    public void onConsumerStopped(ConsumerStoppedEvent event) {
        ListenerConsumers.logStopped(LOG, "Webhook", event, WebhookListenersHealthIndicator::name);
    }

    /** A consumer's name: its container's bean name ({@code webhooks-0} for the first consumer of {@code webhooks}). */
    private static String name(MessageListenerContainer consumer) {
        return consumer instanceof AbstractMessageListenerContainer<?, ?> container && container.getBeanName() != null
                ? container.getBeanName() : consumer.getListenerId();
    }

    private List<MessageListenerContainer> consumers() {
        return ListenerConsumers.of(registry.getIfAvailable());
    }
}
