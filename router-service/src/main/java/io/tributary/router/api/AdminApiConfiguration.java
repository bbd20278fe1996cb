package io.tributary.router.api;

import io.tributary.model.Topics;
import io.tributary.model.auth.ApiKeyProperties;
import io.tributary.router.config.RouterProperties;
import io.tributary.router.index.SubscriptionIndex;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the admin API: the key check and the publisher of subscription changes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiKeyProperties.class)
class AdminApiConfiguration {

    @Bean(destroyMethod = "close")
    ApiKeyAuthenticator apiKeyAuthenticator(ApiKeyProperties properties,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return new ApiKeyAuthenticator(properties, bootstrapServers);
    }

    @Bean(destroyMethod = "close")
    SubscriptionPublisher subscriptionPublisher(RouterProperties properties, ApiKeyProperties api,
            SubscriptionIndex index, @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return new SubscriptionPublisher(bootstrapServers, new Topics(properties.topicPrefix()).subscriptions(), index,
                api.visibilityTimeout());
    }
}
