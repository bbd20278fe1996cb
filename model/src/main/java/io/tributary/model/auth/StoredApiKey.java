package io.tributary.model.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;

/**
 * An API key as the key store keeps it on the compacted {@code tributary.api-keys} topic (key = {@link #id()}):
 * never the key itself, only its SHA-256 hash, who it is for, and when it was created and revoked.
 *
 * @param id          the key's public id ({@code key_...}), for listing and revoking
 * @param hash        the hex SHA-256 of the key ({@link ApiKeys#hash})
 * @param tenant      the tenant the key acts for, {@code null} for an admin key
 * @param admin       whether it is an admin key
 * @param description what the key is for, or {@code null}
 * @param createdAt   ISO-8601 creation time
 * @param revokedAt   ISO-8601 revocation time, {@code null} while the key is valid
 */
public record StoredApiKey(String id, String hash, String tenant, boolean admin, String description, String createdAt,
        String revokedAt) {

    public StoredApiKey {
        new ApiCaller(tenant, admin);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public ApiCaller caller() {
        return new ApiCaller(tenant, admin);
    }

    public StoredApiKey revoke(String time) {
        return new StoredApiKey(id, hash, tenant, admin, description, createdAt, time);
    }

    public String toJson() {
        ObjectNode node = Json.mapper().createObjectNode().put("id", id).put("hash", hash);
        node.put("tenant", tenant);
        node.put("admin", admin);
        node.put("description", description);
        node.put("createdAt", createdAt);
        node.put("revokedAt", revokedAt);
        return Json.write(node);
    }

    public static StoredApiKey fromJson(String json) {
        JsonNode node = Json.parse(json);
        return new StoredApiKey(text(node, "id"), text(node, "hash"), text(node, "tenant"),
                node.path("admin").asBoolean(false), text(node, "description"), text(node, "createdAt"),
                text(node, "revokedAt"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
