package io.tributary.router.api;

import io.tributary.model.auth.ApiCaller;
import io.tributary.model.auth.ApiKeyProperties;
import io.tributary.model.auth.ApiKeyStore;
import io.tributary.model.auth.ApiKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The admin API's keys: the configured ones and the shared key store. Thread-safe. */
final class ApiKeyAuthenticator implements AutoCloseable {

    private final ApiKeyStore keys;

    ApiKeyAuthenticator(ApiKeyProperties properties, String bootstrapServers) {
        Map<String, ApiCaller> callers = new LinkedHashMap<>();
        properties.keys().forEach(key -> callers.put(key.key(), new ApiCaller(key.tenant(), key.admin())));
        ApiKeys configured = ApiKeys.of(callers);
        keys = properties.keyStore() == null ? ApiKeyStore.configuredOnly(configured)
                : new ApiKeyStore(configured, bootstrapServers, properties.keyStore());
    }

    Optional<ApiCaller> authenticate(String authorization) {
        return keys.authenticate(authorization);
    }

    @Override
    public void close() {
        keys.close();
    }
}
