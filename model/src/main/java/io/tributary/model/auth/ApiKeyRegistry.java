package io.tributary.model.auth;

import io.tributary.model.CompactedTopic;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Creates, lists and revokes the keys of the shared key store (the compacted {@code tributary.api-keys} topic),
 * for operators ({@code tributary keys}). A new key is returned once, in clear, and only its hash is written.
 */
public final class ApiKeyRegistry {

    /** A key just created: its id and the key itself, which is shown this once. */
    public record CreatedKey(StoredApiKey stored, String key) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String bootstrapServers;
    private final String topic;
    private final Clock clock;
    private final CompactedTopic store;

    public ApiKeyRegistry(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, Clock.systemUTC());
    }

    ApiKeyRegistry(String bootstrapServers, String topic, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.clock = clock;
        this.store = new CompactedTopic(bootstrapServers, topic);
    }

    /** Creates a tenant key ({@code tenant} set) or an admin key ({@code tenant} null, {@code admin} true). */
    public CreatedKey create(String tenant, boolean admin, String description) {
        if (admin == (tenant != null)) {
            throw new IllegalArgumentException("a key is either for a tenant (--tenant) or an admin key (--admin)");
        }
        if (tenant != null && !tenant.matches("[A-Za-z0-9_.:-]{1,128}")) {
            throw new IllegalArgumentException("tenant must be 1 to 128 of A-Z, a-z, 0-9, _ . : -, got '" + tenant + "'");
        }
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String key = "trb_" + HexFormat.of().formatHex(secret);
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        StoredApiKey stored = new StoredApiKey("key_" + HexFormat.of().formatHex(id), ApiKeys.hash(key), tenant, admin,
                description, Instant.now(clock).toString(), null);
        store.createIfMissing();
        write(stored);
        return new CreatedKey(stored, key);
    }

    /** Revokes a key by id; returns it, or empty when there is no such key. Revoking twice changes nothing. */
    public Optional<StoredApiKey> revoke(String id) {
        Optional<StoredApiKey> key = list().stream().filter(k -> k.id().equals(id)).findFirst();
        if (key.isEmpty() || key.get().revoked()) {
            return key;
        }
        StoredApiKey revoked = key.get().revoke(Instant.now(clock).toString());
        write(revoked);
        return Optional.of(revoked);
    }

    /** Every key of the store, revoked ones included, by id. */
    public List<StoredApiKey> list() {
        Map<String, StoredApiKey> keys = new TreeMap<>();
        store.read().forEach((id, json) -> keys.put(id, StoredApiKey.fromJson(json)));
        return List.copyOf(keys.values());
    }

    private void write(StoredApiKey key) {
        try (CompactedTopic writer = new CompactedTopic(bootstrapServers, topic)) {
            writer.put(key.id(), key.toJson());
        }
    }
}
