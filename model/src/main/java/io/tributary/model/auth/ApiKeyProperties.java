package io.tributary.model.auth;

import io.tributary.model.config.ConfigurationProblems;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The API keys under {@code tributary.api}, one record for every service that accepts them (the admin API, the
 * ingestion and tables APIs, the console), so that one key file means the same everywhere: each key is bound to a
 * tenant ({@code tributary.api.keys[0].tenant=co_1}) or is an admin key ({@code .admin=true}), at least
 * {@value ApiKeys#MIN_KEY_LENGTH} characters; keys created with {@code tributary keys create} live in the shared key
 * store, the compacted topic {@code key-store}. A service binds it with
 * {@code @EnableConfigurationProperties(ApiKeyProperties.class)}. Invalid values fail start-up, every one listed at
 * once with its full key, value (a key masked) and reason. Immutable.
 *
 * @param keys              the configured keys; keys are hashed when read and only the hashes are kept in memory
 * @param keyStore          the shared key store's compacted topic; {@code null} (configured empty) for none
 * @param visibilityTimeout how long an admin API write waits for the router to show it (the admin API only)
 */
@ConfigurationProperties("tributary.api")
public record ApiKeyProperties(List<Key> keys, @DefaultValue("tributary.api-keys") String keyStore,
        @DefaultValue("PT10S") Duration visibilityTimeout) {

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public ApiKeyProperties {
        keys = keys == null ? List.of() : List.copyOf(keys);
        keyStore = keyStore == null || keyStore.isBlank() ? null : keyStore;
        visibilityTimeout = visibilityTimeout == null ? Duration.ofSeconds(10) : visibilityTimeout;
        ConfigurationProblems problems = new ConfigurationProblems("API key", "tributary.api");
        for (int i = 0; i < keys.size(); i++) {
            keys.get(i).check(problems.nested("keys[" + i + "]"));
        }
        if (keyStore != null) {
            problems.matches("key-store", keyStore, TOPIC, "a topic name: 1 to 249 of a-z, A-Z, 0-9, '.', '_' and '-'");
        }
        problems.positive("visibility-timeout", visibilityTimeout);
        problems.throwIfAny();
    }

    /**
     * One key: a tenant key or an admin key.
     *
     * @param key    the key itself, at least {@value ApiKeys#MIN_KEY_LENGTH} characters
     * @param tenant the tenant it acts for; {@code null} for an admin key
     * @param admin  whether it is an admin key
     */
    public record Key(String key, String tenant, boolean admin) {

        void check(ConfigurationProblems problems) {
            problems.secret(key != null && key.length() >= ApiKeys.MIN_KEY_LENGTH, "key", key,
                    "must be at least " + ApiKeys.MIN_KEY_LENGTH + " characters");
            problems.check(admin != (tenant != null), "tenant", tenant, admin
                    ? "must be unset for an admin key (admin=true)" : "must be set, or admin=true for an admin key");
            if (tenant != null) {
                problems.notBlank("tenant", tenant);
            }
        }
    }
}
