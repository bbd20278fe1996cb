package io.tributary.webhook.config;

import io.tributary.model.Delivery;
import io.tributary.model.Topics;
import io.tributary.webhook.body.WebhookBodies;
import io.tributary.webhook.delivery.AttemptLog;
import io.tributary.webhook.delivery.DeliveryFailure;
import io.tributary.webhook.delivery.DeliverySerde;
import io.tributary.webhook.delivery.SubscriptionPauser;
import io.tributary.webhook.delivery.WebhookDeliverer;
import io.tributary.webhook.delivery.WebhookListener;
import io.tributary.webhook.http.SsrfGuard;
import io.tributary.webhook.http.WebhookClient;
import io.tributary.webhook.retry.RetryHeaders;
import io.tributary.webhook.retry.RetrySchedule;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

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

    @Bean(destroyMethod = "close")
    WebhookClient webhookClient(WebhookProperties properties) {
        return new WebhookClient(new SsrfGuard(properties.allowedCidrs()), properties.maxConnectionsPerEndpoint());
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
    WebhookListener webhookListener(WebhookClient client, AttemptLog log, WebhookProperties properties,
            SubscriptionPauser pauser) {
        return new WebhookListener(new WebhookDeliverer(client, new WebhookBodies(), log, properties.timeout(),
                Clock.systemUTC(), pauser));
    }

    /** Writes deliveries to retry topics, and undecodable records' original bytes to the dead-letter topic. */
    @Bean
    KafkaTemplate<String, Object> retryTemplate(
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        Map<Class<?>, org.apache.kafka.common.serialization.Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(Delivery.class, new DeliverySerde.Writer());
        byType.put(byte[].class, new ByteArraySerializer());
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                new DelegatingByTypeSerializer(byType)));
    }

    @Bean
    RetryTopicConfiguration webhookRetries(KafkaTemplate<String, Object> retryTemplate, WebhookProperties properties,
            String webhookTopic) {
        WebhookProperties.Retry retry = properties.retry();
        ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        backOff.setJitter(retry.initialInterval().toMillis() / 2);
        return RetryTopicConfigurationBuilder.newInstance()
                .includeTopic(webhookTopic)
                .maxAttempts(retry.maxAttempts())
                .customBackoff(backOff)
                .retryTopicSuffix("-retry")
                .dltSuffix("-dlt")
                .suffixTopicsWithIndexValues()
                .notRetryOn(DeliveryFailure.Permanent.class)
                .traversingCauses()
                .create(retryTemplate);
    }

    /**
     * spring-kafka's retry-topic machinery, with Tributary's headers on every record it forwards to a retry topic
     * or the dead-letter topic ({@link RetryHeaders}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "tributary.webhook.enabled", havingValue = "true", matchIfMissing = true)
    static class RetryTopicSupport extends RetryTopicConfigurationSupport {

        private final WebhookProperties properties;

        RetryTopicSupport(WebhookProperties properties) {
            this.properties = properties;
        }

        /** Resumes partitions paused until a retry is due. */
        @Bean
        RetryTopicSchedulerWrapper retryTopicScheduler() {
            ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
            scheduler.setThreadNamePrefix("webhook-retry-");
            scheduler.initialize();
            return new RetryTopicSchedulerWrapper(scheduler);
        }

        @Override
        protected Consumer<DeadLetterPublishingRecovererFactory> configureDeadLetterPublishingContainerFactory() {
            WebhookProperties.Retry retry = properties.retry();
            RetrySchedule schedule = new RetrySchedule(retry.maxAttempts(), retry.initialInterval(), retry.multiplier(),
                    retry.maxInterval());
            return factory -> factory.setHeadersFunction(new RetryHeaders(schedule, Clock.systemUTC()));
        }
    }
}
