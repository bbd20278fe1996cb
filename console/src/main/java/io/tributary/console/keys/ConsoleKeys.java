package io.tributary.console.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.auth.ApiKeyRegistry;
import io.tributary.model.auth.StoredApiKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The keys of the shared key store ({@code tributary.api.key-store}, the compacted {@code tributary.api-keys}
 * topic), listed, created and revoked through the model's {@link ApiKeyRegistry}, exactly as {@code tributary keys}
 * does: a new key is shown once and only its hash is written; a revoked key stops working on every service within
 * seconds. Without a key store (configured empty) nothing can be created: {@link #store()} is null. Thread-safe.
 */
public final class ConsoleKeys {

    private final ApiKeyRegistry registry;
    private final String store;

    public ConsoleKeys(ApiKeyRegistry registry, String store) {
        this.registry = registry;
        this.store = store;
    }

    /** The key store's topic, or null when the services check only their configured keys. */
    public String store() {
        return store;
    }

    /** Every key of the store, newest first (revoked ones too); empty without a store. */
    public List<StoredApiKey> list() {
        if (registry == null) {
            return List.of();
        }
        List<StoredApiKey> keys = new ArrayList<>(registry.list());
        keys.sort(Comparator.comparing(StoredApiKey::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(StoredApiKey::id));
        return keys;
    }

    /**
     * Creates a key for {@code scope} ({@code admin} or {@code tenant}) and, for a tenant key, {@code tenant}.
     *
     * @throws InvalidInputException naming each field that is wrong
     * @throws IllegalStateException without a key store
     */
    public ApiKeyRegistry.CreatedKey create(String scope, String tenant, String description) {
        List<FieldError> errors = new ArrayList<>();
        boolean admin = "admin".equals(scope);
        if (!admin && !"tenant".equals(scope)) {
            errors.add(new FieldError("scope", "must be tenant or admin"));
        }
        String forTenant = tenant == null || tenant.isBlank() ? null : tenant.trim();
        if ("tenant".equals(scope) && forTenant == null) {
            errors.add(new FieldError("tenant", "is required for a tenant key"));
        } else if (admin && forTenant != null) {
            errors.add(new FieldError("tenant", "must be empty for an admin key, which acts for every tenant"));
        } else if (forTenant != null && !forTenant.matches("[A-Za-z0-9_.:-]{1,128}")) {
            errors.add(new FieldError("tenant", "must be 1 to 128 of A-Z, a-z, 0-9, _ . : -"));
        }
        String what = description == null || description.isBlank() ? null : description.trim();
        if (what != null && what.length() > 200) {
            errors.add(new FieldError("description", "must be at most 200 characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid key", errors);
        }
        return requireStore().create(admin ? null : forTenant, admin, what);
    }

    /** Revokes a key by id: the key, revoked, or empty when the store has no such key. */
    public Optional<StoredApiKey> revoke(String id) {
        return requireStore().revoke(id);
    }

    /** A key as the screen and the API show it: never its hash. */
    public static ObjectNode toJson(StoredApiKey key) {
        ObjectNode json = Json.mapper().createObjectNode().put("id", key.id());
        json.put("tenant", key.tenant());
        json.put("admin", key.admin());
        json.put("description", key.description());
        json.put("createdAt", key.createdAt());
        json.put("revokedAt", key.revokedAt());
        return json;
    }

    private ApiKeyRegistry requireStore() {
        if (registry == null) {
            throw new IllegalStateException("the services check only their configured keys (tributary.api.key-store"
                    + " is empty), so keys cannot be created or revoked here");
        }
        return registry;
    }
}
