package io.tributary.console.api;

import io.tributary.model.auth.ApiKeys;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The API keys the console accepts, under {@code tributary.api}, in the same shape as the admin API's: each is bound
 * to a tenant or is an admin key, and the shared key store ({@code tributary keys create}) adds more.
 *
 * @param keys     the keys; {@code tributary.api.keys[0].key=...}, {@code .tenant=co_1} or {@code .admin=true}
 * @param keyStore the shared key store's compacted topic; empty for none
 */
@ConfigurationProperties("tributary.api")
public record ApiKeyProperties(List<Key> keys, @DefaultValue("tributary.api-keys") String keyStore) {

    public ApiKeyProperties {
        keys = keys == null ? List.of() : List.copyOf(keys);
        keyStore = keyStore == null || keyStore.isBlank() ? null : keyStore;
        for (int i = 0; i < keys.size(); i++) {
            Key key = keys.get(i);
            if (key.key() == null || key.key().length() < ApiKeys.MIN_KEY_LENGTH) {
                throw new IllegalArgumentException("tributary.api.keys[" + i + "].key must be at least "
                        + ApiKeys.MIN_KEY_LENGTH + " characters");
            }
            if (key.admin() == (key.tenant() != null)) {
                throw new IllegalArgumentException("tributary.api.keys[" + i + "] must have either a tenant or"
                        + " admin=true");
            }
        }
    }

    /** One key: a tenant key or an admin key. */
    public record Key(String key, String tenant, boolean admin) {
    }
}
