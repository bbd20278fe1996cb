package io.tributary.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.keys.ConsoleKeys;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import io.tributary.model.auth.ApiKeyRegistry;
import io.tributary.model.auth.ApiKeyStore;
import io.tributary.model.http.ApiRefusal;
import io.tributary.model.http.JsonBodies;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shared key store's keys, for scripts with an admin key, as the console's API keys screen and
 * {@code tributary keys} manage them:
 * <ul>
 *   <li>{@code GET /v1/api-keys}: every key (never a key itself nor its hash), newest first;</li>
 *   <li>{@code POST /v1/api-keys} {@code {"tenant": "co_1", "description": "billing"}} or {@code {"admin": true}}:
 *       creates a key and answers it once, in {@code key} (201);</li>
 *   <li>{@code DELETE /v1/api-keys/{id}}: revokes it (200 with the revoked key; 404 without such a key).</li>
 * </ul>
 */
@RestController
class ApiKeysController {

    private static final Set<String> FIELDS = Set.of("tenant", "admin", "description");
    /** The largest body {@code POST /v1/api-keys} reads, in bytes. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private final ApiKeyStore keys;
    private final ConsoleKeys store;

    ApiKeysController(ApiKeyStore keys, ConsoleKeys store) {
        this.keys = keys;
        this.store = store;
    }

    @GetMapping(path = "/v1/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> list(@RequestHeader(name = "Authorization", required = false) String auth) {
        requireAdmin(auth);
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("store", store.store());
        ArrayNode items = body.putArray("items");
        store.list().forEach(key -> items.add(ConsoleKeys.toJson(key)));
        return json(HttpStatus.OK, body);
    }

    /** The body is read as JSON whatever the Content-Type says. */
    @PostMapping(path = "/v1/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> create(@RequestHeader(name = "Authorization", required = false) String auth,
            InputStream body) {
        requireAdmin(auth);
        JsonNode request = readObject(body);
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                errors.add(new FieldError(field, "unknown field; expected one of tenant, admin, description"));
            }
        }
        JsonNode admin = request.path("admin");
        if (!admin.isMissingNode() && !admin.isNull() && !admin.isBoolean()) {
            errors.add(new FieldError("admin", "must be true or false"));
        }
        for (String field : List.of("tenant", "description")) {
            JsonNode value = request.path(field);
            if (!value.isMissingNode() && !value.isNull() && !value.isTextual()) {
                errors.add(new FieldError(field, "must be a string"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiRefusal.badRequest("invalid key", errors);
        }
        try {
            ApiKeyRegistry.CreatedKey created = store.create(admin.asBoolean(false) ? "admin" : "tenant",
                    request.path("tenant").isTextual() ? request.path("tenant").asText() : null,
                    request.path("description").isTextual() ? request.path("description").asText() : null);
            ObjectNode answer = ConsoleKeys.toJson(created.stored()).put("key", created.key());
            return json(HttpStatus.CREATED, answer);
        } catch (IllegalStateException e) {
            throw ApiRefusal.conflict(e.getMessage(), List.of());
        }
    }

    @DeleteMapping(path = "/v1/api-keys/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> revoke(@RequestHeader(name = "Authorization", required = false) String auth,
            @PathVariable("id") String id) {
        requireAdmin(auth);
        try {
            return store.revoke(id).map(key -> json(HttpStatus.OK, ConsoleKeys.toJson(key)))
                    .orElseThrow(() -> ApiRefusal.notFound("no key " + id + " in the key store"));
        } catch (IllegalStateException e) {
            throw ApiRefusal.conflict(e.getMessage(), List.of());
        }
    }

    private void requireAdmin(String auth) {
        ConsoleApiErrors.requireAdmin(keys, auth, "API keys are managed with an admin key");
    }

    /** The body as a JSON object, whatever the Content-Type says. */
    private static JsonNode readObject(InputStream body) {
        return JsonBodies.readObject(body, MAX_BODY_BYTES,
                "{\"tenant\": \"acme\", \"description\": \"billing service\"} or {\"admin\": true}");
    }

    static ResponseEntity<String> json(HttpStatus status, JsonNode body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Json.write(body));
    }
}
