package io.tributary.console.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.api.ConsoleApiErrors;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import io.tributary.model.auth.ApiKeyStore;
import io.tributary.model.http.ApiRefusal;
import io.tributary.model.http.JsonBodies;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/ledger/expunge} (admin key): deletes from the ledger, at once, everything of a tenant
 * ({@code {"tenant": "acme"}}) or of one record ({@code {"recordId": "42"}}, optionally within {@code "tenant"}).
 * Answers the rows deleted per table: {@code {"deleted": {"attempts": 3, "dead_letters": 0, "deliveries": 2,
 * "events": 1}}}. Every expunge is logged with what it deleted. Kafka's topics are not changed: their own retention
 * ages them.
 */
@RestController
class ExpungeController {

    private static final Logger LOG = LoggerFactory.getLogger(ExpungeController.class);
    private static final Set<String> FIELDS = Set.of("tenant", "recordId");

    private final ApiKeyStore keys;
    private final LedgerRetention retention;

    ExpungeController(ApiKeyStore keys, LedgerRetention retention) {
        this.keys = keys;
        this.retention = retention;
    }

    @PostMapping(path = "/v1/ledger/expunge", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> expunge(@RequestHeader(name = "Authorization", required = false) String authorization,
            InputStream body) {
        ConsoleApiErrors.requireAdmin(keys, authorization, "the ledger is expunged with an admin key");
        JsonNode request = read(body);
        String tenant = text(request, "tenant");
        String recordId = text(request, "recordId");
        Map<String, Integer> deleted = recordId != null ? retention.expungeRecord(recordId, tenant)
                : retention.expungeTenant(tenant);
        LOG.info("Expunged from the ledger {}: {}", recordId != null ? "record " + recordId
                + (tenant != null ? " of tenant " + tenant : "") : "tenant " + tenant, deleted);
        ObjectNode answer = Json.mapper().createObjectNode();
        ObjectNode counts = answer.putObject("deleted");
        deleted.forEach(counts::put);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Json.write(answer));
    }

    private static JsonNode read(InputStream body) {
        JsonNode request = JsonBodies.readObject(body, 64 * 1024, "{\"tenant\": \"acme\"} or {\"recordId\": \"42\"}");
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "unknown field; expected tenant or recordId"));
            }
        }
        for (String field : FIELDS) {
            JsonNode value = request.get(field);
            if (value != null && !(value.isTextual() && !value.asText().isBlank() && value.asText().length() <= 1024)) {
                errors.add(new FieldError(field, "must be a non-empty text of at most 1024 characters"));
            }
        }
        if (errors.isEmpty() && request.get("tenant") == null && request.get("recordId") == null) {
            errors.add(new FieldError("", "names what to expunge: tenant, recordId, or both"));
        }
        if (!errors.isEmpty()) {
            throw ApiRefusal.badRequest("invalid expunge", errors);
        }
        return request;
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        return value == null ? null : value.asText();
    }
}
