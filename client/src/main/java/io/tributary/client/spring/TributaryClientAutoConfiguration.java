package io.tributary.client.spring;

import io.tributary.client.EventPublisher;
import io.tributary.client.IngestClient;
import io.tributary.client.OutboxWriter;
import io.tributary.client.SubscriptionsClient;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Beans of the client library for services on Spring Boot, each when its settings are present: an
 * {@link EventPublisher} ({@code tributary.client.bootstrap-servers} and {@code .source}), an {@link IngestClient}
 * ({@code .ingest-url}, {@code .api-key}), a {@link SubscriptionsClient} ({@code .admin-url}, {@code .api-key}) and
 * an {@link OutboxWriter}. A bean the service defines itself wins.
 */
@AutoConfiguration
@EnableConfigurationProperties(TributaryClientProperties.class)
public class TributaryClientAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tributary.client", name = {"bootstrap-servers", "source"})
    EventPublisher tributaryEventPublisher(TributaryClientProperties properties) {
        return new EventPublisher(properties.bootstrapServers(), properties.source(), properties.topicPrefix(),
                Map.of());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tributary.client", name = {"ingest-url", "api-key"})
    IngestClient tributaryIngestClient(TributaryClientProperties properties) {
        return new IngestClient(properties.ingestUrl(), properties.apiKey());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tributary.client", name = {"admin-url", "api-key"})
    SubscriptionsClient tributarySubscriptionsClient(TributaryClientProperties properties) {
        return new SubscriptionsClient(properties.adminUrl(), properties.apiKey());
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxWriter tributaryOutboxWriter(TributaryClientProperties properties) {
        return new OutboxWriter(properties.outboxTable());
    }
}
