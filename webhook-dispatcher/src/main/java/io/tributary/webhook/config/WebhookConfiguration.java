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
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;

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
                Clock.systemUTC(), pauser, new EndpointGuards(properties.maxConnectionsPerEndpoint(),
                        properties.circuitBreaker().failureRatePercent(), properties.circuitBreaker().minimumCalls(),
                        properties.circuitBreaker().window(), properties.circuitBreaker().openDuration()),
                properties.retry().schedule()));
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

        RetryTopicSupport(WebhookProperties properties) {
            this.properties = properties;
        }

        @Override
        protected RetrySchedule schedule() {
            return properties.retry().schedule();
        }
    }
}
