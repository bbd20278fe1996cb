package io.tributary.console.api;

import io.tributary.model.auth.ApiKeyProperties;
import io.tributary.model.auth.ApiKeyStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the search API's key check: the configured keys and the shared key store, as the admin API does. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiKeyProperties.class)
class ConsoleApiConfiguration {

    @Bean(destroyMethod = "close")
    ApiKeyStore consoleApiKeys(ApiKeyProperties properties,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return ApiKeyStore.of(properties, bootstrapServers);
    }
}
