package io.tributary.capture.ingest;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The API keys under {@code tributary.api}, the same setting the admin API reads: each key is bound to a tenant
 * ({@code tributary.api.keys[0].tenant=co_1}) or is an admin key ({@code .admin=true}). Keys created with
 * {@code tributary keys create} live in the shared key store, the compacted topic {@code tributary.api.key-store}
 * (default {@code tributary.api-keys}; empty for configured keys only).
 */
@ConfigurationProperties("tributary.api")
public record ApiKeyProperties(List<Key> keys, @DefaultValue("tributary.api-keys") String keyStore) {

    public ApiKeyProperties {
        keys = keys == null ? List.of() : List.copyOf(keys);
        keyStore = keyStore == null || keyStore.isBlank() ? null : keyStore;
    }

    /** One key. */
    public record Key(String key, String tenant, boolean admin) {
    }
}
