package io.tributary.webhook.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
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
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
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
        List<String> stopped = consumers.stream().filter(c -> !c.isRunning())
                .map(WebhookListenersHealthIndicator::name).sorted().toList();
        Health.Builder health = consumers.isEmpty() ? Health.down().withDetail("problem", "no listener container")
                : !stopped.isEmpty() ? Health.down().withDetail("problem", "listener containers not running: "
                        + String.join(", ", stopped))
                : Health.up();
        return health.withDetail("consumers", consumers.size() - stopped.size() + " of " + consumers.size()
                + " running").build();
    }

    /** Logs once that a consumer stopped and why; readiness says DOWN until it runs again. */
    @EventListener
    public void onConsumerStopped(ConsumerStoppedEvent event) {
        MessageListenerContainer container = event.getContainer(MessageListenerContainer.class);
        String id = container == null ? String.valueOf(event.getSource()) : name(container);
        if (event.getReason() != ConsumerStoppedEvent.Reason.NORMAL) {
            LOG.error("Webhook consumer {} stopped ({}); readiness is DOWN until it runs again", id, event.getReason());
        } else {
            LOG.info("Webhook consumer {} stopped; readiness is DOWN until it runs again", id);
        }
    }

    /** A consumer's name: its container's bean name ({@code webhooks-0} for the first consumer of {@code webhooks}). */
    private static String name(MessageListenerContainer consumer) {
        return consumer instanceof AbstractMessageListenerContainer<?, ?> container && container.getBeanName() != null
                ? container.getBeanName() : consumer.getListenerId();
    }

    /** Every consumer thread: the child containers of each concurrent container. */
    private List<MessageListenerContainer> consumers() {
        KafkaListenerEndpointRegistry containers = registry.getIfAvailable();
        if (containers == null) {
            return List.of();
        }
        List<MessageListenerContainer> consumers = new ArrayList<>();
        for (MessageListenerContainer container : containers.getAllListenerContainers()) {
            if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent
                    && !concurrent.getContainers().isEmpty()) {
                consumers.addAll(concurrent.getContainers());
            } else {
                consumers.add(container);
            }
        }
        return consumers;
    }
}
