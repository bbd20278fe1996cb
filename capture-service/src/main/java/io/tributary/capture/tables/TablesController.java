package io.tributary.capture.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import io.tributary.model.auth.ApiCaller;
import io.tributary.model.auth.ApiKeyStore;
import io.tributary.model.http.ApiRefusal;
import io.tributary.model.http.JsonBodies;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
 * {@code /v1/tables}: which tables the capture reads, changed at runtime by admin keys.
 * <ul>
 *   <li>{@code GET /v1/tables}: the captured tables with their tenant column, replica identity and warnings;</li>
 *   <li>{@code POST /v1/tables} {@code {"name": "public.orders", "tenantColumn": "company_id", "snapshot": true}}:
 *       answers once the table's changes are being captured (201, or 200 when it was attached already), with
 *       {@code replicaIdentitySetFull} naming the tables whose replica identity it set FULL and warnings such as a
 *       missing primary key; names may be typed as in psql ({@code public."salesOrder"}) or plainly;</li>
 *   <li>{@code DELETE /v1/tables/{schema.table}}: stops capturing it (204).</li>
 * </ul>
 */
@RestController
@ConditionalOnProperty(name = "tributary.capture.enabled", havingValue = "true", matchIfMissing = true)
class TablesController {

    private static final Set<String> FIELDS = Set.of("name", "tenantColumn", "snapshot");
    /** The largest body {@code POST /v1/tables} reads, in bytes. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private final CaptureTables tables;
    private final ApiKeyStore keys;

    TablesController(CaptureTables tables, ApiKeyStore keys) {
        this.tables = tables;
        this.keys = keys;
    }

    @GetMapping(path = "/v1/tables", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> list(@RequestHeader(name = "Authorization", required = false) String authorization) {
        requireAdmin(authorization);
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode items = body.putArray("items");
        for (CapturedTable table : tables.list()) {
            ObjectNode item = describe(table, tables.inspect(table.name()).orElse(null));
            items.add(item);
        }
        return ok(HttpStatus.OK, body);
    }

    /** The body is read as JSON whatever the Content-Type says, not through a message converter. */
    @PostMapping(path = "/v1/tables", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> attach(@RequestHeader(name = "Authorization", required = false) String authorization,
            InputStream body) {
        requireAdmin(authorization);
        JsonNode request = readObject(body);
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                errors.add(new FieldError(field, "unknown field; expected one of name, tenantColumn, snapshot"));
            }
        }
        JsonNode name = request.get("name");
        if (name == null || !name.isTextual()) {
            errors.add(new FieldError("name", "is required: the table as schema.table"));
        }
        JsonNode tenant = request.get("tenantColumn");
        if (tenant != null && !tenant.isNull() && !(tenant.isTextual() && !tenant.asText().isBlank())) {
            errors.add(new FieldError("tenantColumn", "must be a column name or null"));
        }
        JsonNode snapshot = request.get("snapshot");
        if (snapshot != null && !snapshot.isNull() && !snapshot.isBoolean()) {
            errors.add(new FieldError("snapshot", "must be true or false"));
        }
        if (!errors.isEmpty()) {
            throw ApiRefusal.badRequest("invalid table attachment", errors);
        }
        try {
            CaptureTables.Attachment attachment = tables.attach(name.asText(),
                    tenant == null || tenant.isNull() ? null : tenant.asText(),
                    snapshot != null && snapshot.asBoolean());
            ObjectNode answer = describe(attachment.table(), attachment.info());
            attachment.replicaIdentitySetFull().forEach(answer.putArray("replicaIdentitySetFull")::add);
            answer.put("snapshot", attachment.snapshotSignal() != null);
            if (attachment.snapshotSignal() != null) {
                answer.put("snapshotSignal", attachment.snapshotSignal());
            }
            return ok(attachment.created() ? HttpStatus.CREATED : HttpStatus.OK, answer);
        } catch (CaptureTables.TableException e) {
            throw refusal(e);
        } catch (IllegalStateException e) {
            throw ApiRefusal.unavailable(e.getMessage(), e);
        }
    }

    @DeleteMapping(path = "/v1/tables/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> detach(@RequestHeader(name = "Authorization", required = false) String authorization,
            @PathVariable("name") String name) {
        requireAdmin(authorization);
        try {
            tables.detach(name);
            return ResponseEntity.noContent().build();
        } catch (CaptureTables.TableException e) {
            throw refusal(e);
        } catch (IllegalStateException e) {
            throw ApiRefusal.unavailable(e.getMessage(), e);
        }
    }

    private static ObjectNode describe(CapturedTable table, TableCatalog.TableInfo info) {
        ObjectNode item = Json.mapper().createObjectNode().put("name", table.name());
        item.put("tenantColumn", table.tenantColumn());
        item.put("origin", table.configured() ? "configuration" : "attached");
        ArrayNode warnings = Json.mapper().createArrayNode();
        if (info == null) {
            item.putNull("replicaIdentity");
            warnings.add("the table no longer exists in the database");
        } else {
            item.put("replicaIdentity", info.replicaIdentityName());
            info.primaryKey().forEach(item.putArray("primaryKey")::add);
            info.warnings().forEach(warnings::add);
        }
        item.set("warnings", warnings);
        SnapshotProgress.of(table.name()).ifPresent(s -> item.set("snapshotProgress", s.toJson()));
        return item;
    }

    private void requireAdmin(String authorization) {
        ApiCaller caller = keys.authenticate(authorization).orElseThrow(() -> ApiRefusal.unauthorized(
                "missing or unknown API key: send Authorization: Bearer <key>"));
        if (!caller.admin()) {
            throw ApiRefusal.forbidden("captured tables are managed with an admin key", List.of());
        }
    }

    /** The body as a JSON object, whatever the Content-Type says. */
    private static JsonNode readObject(InputStream body) {
        return JsonBodies.readObject(body, MAX_BODY_BYTES,
                "{\"name\": \"public.orders\", \"tenantColumn\": \"company_id\", \"snapshot\": false}");
    }

    private static ApiRefusal refusal(CaptureTables.TableException e) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        String message = switch (e.kind()) {
            case INVALID -> "invalid table";
            case NOT_FOUND -> "no such attached table";
            case CONFLICT -> "the table is managed by configuration";
        };
        return new ApiRefusal(status.value(), message, List.of(new FieldError(e.field(), e.getMessage())));
    }

    private static ResponseEntity<String> ok(HttpStatus status, JsonNode body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Json.write(body));
    }
}
