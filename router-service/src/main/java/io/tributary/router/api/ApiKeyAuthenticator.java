package io.tributary.router.api;

import io.tributary.model.auth.ApiCaller;
import io.tributary.model.auth.ApiKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The admin API's view of the configured keys. Thread-safe. */
final class ApiKeyAuthenticator {

    private final ApiKeys keys;

    ApiKeyAuthenticator(ApiKeyProperties properties) {
        Map<String, ApiCaller> callers = new LinkedHashMap<>();
        properties.keys().forEach(key -> callers.put(key.key(), new ApiCaller(key.tenant(), key.admin())));
        keys = ApiKeys.of(callers);
    }

    Optional<ApiCaller> authenticate(String authorization) {
        return keys.authenticate(authorization);
    }
}
