package io.tributary.capture.ingest;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The API keys under {@code tributary.api}, the same setting the admin API reads: each key is bound to a tenant
 * ({@code tributary.api.keys[0].tenant=co_1}) or is an admin key ({@code .admin=true}).
 */
@ConfigurationProperties("tributary.api")
public record ApiKeyProperties(List<Key> keys) {

    public ApiKeyProperties {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** One key. */
    public record Key(String key, String tenant, boolean admin) {
    }
}
