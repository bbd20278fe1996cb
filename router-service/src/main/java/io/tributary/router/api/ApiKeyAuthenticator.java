package io.tributary.router.api;

import io.tributary.model.auth.ApiCaller;
import io.tributary.model.auth.ApiKeyProperties;
import io.tributary.model.auth.ApiKeyStore;
import java.util.Optional;

/** The admin API's keys: the configured ones and the shared key store. Thread-safe. */
final class ApiKeyAuthenticator implements AutoCloseable {

    private final ApiKeyStore keys;

    ApiKeyAuthenticator(ApiKeyProperties properties, String bootstrapServers) {
        keys = ApiKeyStore.of(properties, bootstrapServers);
    }

    Optional<ApiCaller> authenticate(String authorization) {
        return keys.authenticate(authorization);
    }

    @Override
    public void close() {
        keys.close();
    }
}
