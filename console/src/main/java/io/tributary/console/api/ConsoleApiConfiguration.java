package io.tributary.console.api;

import io.tributary.model.auth.ApiCaller;
import io.tributary.model.auth.ApiKeyStore;
import io.tributary.model.auth.ApiKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the search API's key check: the configured keys and the shared key store, as the admin API does. */
@Configuration(proxyBeanMethods = false)
class ConsoleApiConfiguration {

    @Bean(destroyMethod = "close")
    ApiKeyStore consoleApiKeys(ApiKeyProperties properties,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        Map<String, ApiCaller> callers = new LinkedHashMap<>();
        properties.keys().forEach(key -> callers.put(key.key(), new ApiCaller(key.tenant(), key.admin())));
        ApiKeys configured = ApiKeys.of(callers);
        return properties.keyStore() == null ? ApiKeyStore.configuredOnly(configured)
                : new ApiKeyStore(configured, bootstrapServers, properties.keyStore());
    }
}
