package io.tributary.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The consumer threads of a handler's Kafka listener containers, as its readiness sees them: what runs, what does
 * not, and the one log line when one stops. Used by the webhook-dispatcher's and the sync-worker's health.
 */
public final class ListenerConsumers {

    private ListenerConsumers() {
    }

    /**
     * Every consumer thread of the registry's containers: the child containers of each concurrent container, or the
     * container itself; empty when there is no registry (no listener was declared).
     */
    public static List<MessageListenerContainer> of(KafkaListenerEndpointRegistry registry) {
        if (registry == null) {
            return List.of();
        }
        List<MessageListenerContainer> consumers = new ArrayList<>();
        for (MessageListenerContainer container : registry.getAllListenerContainers()) {
            if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent
                    && !concurrent.getContainers().isEmpty()) {
                consumers.addAll(concurrent.getContainers());
            } else {
                consumers.add(container);
            }
        }
        return consumers;
    }

    /**
     * What readiness says of the consumers: {@code null} when every one runs, else {@code no listener container} or
     * {@code listener containers not running: <names>} (names as {@code name} gives them, sorted).
     */
    public static String problem(List<MessageListenerContainer> consumers,
            Function<MessageListenerContainer, String> name) {
        if (consumers.isEmpty()) {
            return "no listener container";
        }
        List<String> stopped = consumers.stream().filter(c -> !c.isRunning()).map(name).sorted().toList();
        return stopped.isEmpty() ? null : "listener containers not running: " + String.join(", ", stopped);
    }

    /** {@code <running> of <all> running}. */
    public static String summary(List<MessageListenerContainer> consumers) {
        return consumers.stream().filter(MessageListenerContainer::isRunning).count() + " of " + consumers.size()
                + " running";
    }

    /**
     * Logs once that a consumer stopped and why (an error unless it was a normal stop); readiness says DOWN until it
     * runs again.
     *
     * @param handler the handler's name in the line ({@code Webhook}, {@code Sync})
     */
    public static void logStopped(Logger log, String handler, ConsumerStoppedEvent event,
            Function<MessageListenerContainer, String> name) {
        MessageListenerContainer container = event.getContainer(MessageListenerContainer.class);
        String id = container == null ? String.valueOf(event.getSource()) : name.apply(container);
        if (event.getReason() != ConsumerStoppedEvent.Reason.NORMAL) {
            log.error("{} consumer {} stopped ({}); readiness is DOWN until it runs again", handler, id,
                    event.getReason());
        } else {
            log.info("{} consumer {} stopped; readiness is DOWN until it runs again", handler, id);
        }
    }
}
