package io.tributary.webhook.config;

import io.tributary.handler.HandlerRetryTopicSupport;
import io.tributary.handler.RetrySchedule;
import io.tributary.handler.RetryTopics;
import io.tributary.model.Topics;
import io.tributary.webhook.body.WebhookBodies;
import io.tributary.webhook.delivery.AttemptLog;
import io.tributary.webhook.delivery.EndpointGuards;
import io.tributary.webhook.delivery.SubscriptionPauser;
import io.tributary.webhook.delivery.WebhookDeliverer;
import io.tributary.webhook.delivery.WebhookListener;
import io.tributary.webhook.http.SsrfGuard;
import io.tributary.webhook.http.WebhookClient;
import io.tributary.webhook.delivery.InFlightWindow;
import io.tributary.webhook.delivery.OrderedWebhookListener;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.retrytopic.DestinationTopicResolver;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Wires the dispatcher: the guarded HTTP client, the deliverer, the listener, and spring-kafka's non-blocking
 * retries: {@code <topic>-retry-N} topics with exponential backoff and jitter, then {@code <topic>-dlt}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tributary.webhook.enabled", havingValue = "true", matchIfMissing = true)
class WebhookConfiguration {

    @Bean
    String webhookTopic(WebhookProperties properties) {
        return new Topics(properties.topicPrefix()).handler("WEBHOOK");
    }

    /** The listeners' consumer group ({@code tributary.webhook.group-id}), which their annotations read. */
    @Bean
    String webhookGroupId(WebhookProperties properties) {
        return properties.groupId();
    }

    /** The listeners' threads per topic ({@code tributary.webhook.concurrency}), which their annotations read. */
    @Bean
    String webhookConcurrency(WebhookProperties properties) {
        return String.valueOf(properties.concurrency());
    }

    @Bean(destroyMethod = "close")
    WebhookClient webhookClient(WebhookProperties properties) {
        return new WebhookClient(new SsrfGuard(properties.allowedCidrs()), properties.maxConnectionsPerEndpoint(),
                properties.maxQueueWait());
    }

    @Bean(destroyMethod = "close")
    AttemptLog attemptLog(WebhookProperties properties,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return new AttemptLog(bootstrapServers, new Topics(properties.topicPrefix()).deliveries());
    }

    @Bean(destroyMethod = "close")
    SubscriptionPauser subscriptionPauser(WebhookProperties properties,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return new SubscriptionPauser(bootstrapServers, new Topics(properties.topicPrefix()).subscriptions());
    }

    @Bean
    String orderedWebhookTopic(WebhookProperties properties) {
        return new Topics(properties.topicPrefix()).handlerOrdered("WEBHOOK");
    }

    /** The ordered topic, when it does not exist yet (the broker's default partition count). */
    @Bean
    NewTopic orderedWebhookTopicDeclaration(String orderedWebhookTopic) {
        return TopicBuilder.name(orderedWebhookTopic).build();
    }

    @Bean
    WebhookDeliverer webhookDeliverer(WebhookClient client, AttemptLog log, WebhookProperties properties,
            SubscriptionPauser pauser) {
        return new WebhookDeliverer(client, new WebhookBodies(), log, properties.timeout(), Clock.systemUTC(), pauser,
                new EndpointGuards(properties.maxConnectionsPerEndpoint() + properties.maxPendingPerEndpoint(),
                        properties.circuitBreaker().failureRatePercent(), properties.circuitBreaker().minimumCalls(),
                        properties.circuitBreaker().window(), properties.circuitBreaker().openDuration()),
                properties.retry().schedule());
    }

    /** Where delivery outcomes are handled, off the HTTP client's I/O threads. */
    @Bean(destroyMethod = "shutdown")
    ExecutorService webhookOutcomes() {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "webhook-outcome-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService webhookLater() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "webhook-later");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The main topic's deliveries in flight; pauses and resumes partitions of the main listener. */
    @Bean
    InFlightWindow webhookInFlight(WebhookProperties properties, ObjectProvider<KafkaListenerEndpointRegistry> registry) {
        return new InFlightWindow(properties.maxInFlight(), new InFlightWindow.Flow() {
            @Override
            public void pause(TopicPartition partition) {
                registry.getObject().getListenerContainer("webhooks").pausePartition(partition);
            }

            @Override
            public void resume(TopicPartition partition) {
                registry.getObject().getListenerContainer("webhooks").resumePartition(partition);
            }
        });
    }

    @Bean
    WebhookListener webhookListener(WebhookDeliverer deliverer, WebhookProperties properties, String webhookTopic,
            String orderedWebhookTopic, InFlightWindow webhookInFlight, DestinationTopicResolver destinations,
            KafkaTemplate<String, Object> retryTemplate, ExecutorService webhookOutcomes,
            ScheduledExecutorService webhookLater) {
        return new WebhookListener(deliverer, webhookTopic, orderedWebhookTopic, webhookInFlight,
                HandlerRetryTopicSupport.recoverer(destinations, properties.retry().schedule(), "webhooks"),
                retryTemplate, webhookOutcomes, webhookLater);
    }

    @Bean
    OrderedWebhookListener orderedWebhookListener(WebhookDeliverer deliverer) {
        return new OrderedWebhookListener(deliverer);
    }

    /**
     * The ordered topic's container: one delivery at a time per partition, a failure retried in place (the
     * partition paused meanwhile, others go on) per the subscription's or the service's schedule, then the
     * dead-letter topic.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> orderedWebhookContainerFactory(
            ConsumerFactory<String, byte[]> consumers, KafkaTemplate<String, Object> retryTemplate,
            WebhookProperties properties, String webhookTopic, ObjectProvider<KafkaListenerEndpointRegistry> registry) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("webhook-ordered-");
        scheduler.initialize();
        DefaultErrorHandler errors = OrderedWebhookListener.errorHandler(retryTemplate, webhookTopic + "-dlt",
                properties.retry().schedule(), new ListenerContainerPauseService(registry.getObject(), scheduler));
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers);
        factory.setCommonErrorHandler(errors);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        factory.getContainerProperties().setDeliveryAttemptHeader(true);
        return factory;
    }

    /** Writes deliveries to retry topics, and undecodable records' original bytes to the dead-letter topic. */
    @Bean
    KafkaTemplate<String, Object> retryTemplate(
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return RetryTopics.template(bootstrapServers);
    }

    @Bean
    RetryTopicConfiguration webhookRetries(KafkaTemplate<String, Object> retryTemplate, WebhookProperties properties,
            String webhookTopic) {
        return RetryTopics.configuration(List.of(webhookTopic), properties.retry().schedule(), retryTemplate);
    }

    /** The shared retry machinery, with the webhook schedule. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "tributary.webhook.enabled", havingValue = "true", matchIfMissing = true)
    static class RetryTopicSupport extends HandlerRetryTopicSupport {

        private final WebhookProperties properties;
        private final ObjectProvider<InFlightWindow> window;

        RetryTopicSupport(WebhookProperties properties, ObjectProvider<InFlightWindow> window) {
            this.properties = properties;
            this.window = window;
        }

        @Override
        protected RetrySchedule schedule() {
            return properties.retry().schedule();
        }

        /** Partitions that move to another dispatcher leave the main topic's in-flight window. */
        @Override
        protected void configureCustomizers(CustomizersConfigurer customizers) {
            customizers.customizeListenerContainer(container -> {
                if ("webhooks".equals(container.getListenerId())) {
                    // The main topic's acknowledgments come from the in-flight window, many per poll: commit them
                    // together once per poll loop instead of one commit each.
                    container.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
                }
                container.getContainerProperties().setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
                    @Override
                    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer,
                            Collection<TopicPartition> partitions) {
                        window.getObject().revoked(partitions);
                    }

                    @Override
                    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                        window.getObject().revoked(partitions);
                    }
                });
            });
        }
    }
}
