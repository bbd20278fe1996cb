package io.tributary.capture.ingest;

import io.tributary.model.auth.ApiKeyProperties;
import io.tributary.model.auth.ApiKeyStore;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/** Wires the ingestion API; the API keys are the shared {@code tributary.api} settings ({@link ApiKeyProperties}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiKeyProperties.class)
class IngestConfiguration {

    @Bean(destroyMethod = "close")
    EventWriter eventWriter(IngestProperties properties,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return new EventWriter(bootstrapServers, properties.topicPrefix());
    }

    /** The keys of both APIs of this service: the configured ones and the shared key store, hashed. */
    @Bean(destroyMethod = "close")
    ApiKeyStore apiKeys(ApiKeyProperties properties,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return ApiKeyStore.of(properties, bootstrapServers);
    }

    @Bean
    EventSchemas eventSchemas(IngestProperties properties, ResourceLoader loader) {
        return EventSchemas.load(properties.schemas(), loader);
    }

    @Bean
    TenantRateLimits tenantRateLimits(IngestProperties properties) {
        return new TenantRateLimits(properties.rateLimit(), Duration.ofSeconds(1));
    }

    @Bean
    Clock ingestClock() {
        return Clock.systemUTC();
    }
}
