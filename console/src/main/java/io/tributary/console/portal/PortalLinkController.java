package io.tributary.console.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.ErrorBody;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import io.tributary.model.auth.ApiCaller;
import io.tributary.model.auth.ApiKeyStore;
import io.tributary.model.http.ApiRefusal;
import io.tributary.model.http.JsonBodies;
import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/portal-links} with an admin key and {@code {"tenant": "acme"}}: a signed link that opens the
 * tenant's portal once, within {@code tributary.console.portal.link-ttl} (15 minutes at most), answered as
 * {@code 201 {"url": ".../portal/open?token=...", "tenant": "acme", "expiresAt": "..."}}. A product embeds the
 * portal for its customers by asking one per visit. A tenant key is refused (403): a tenant signs in with its key.
 */
@RestController
class PortalLinkController {

    static final int MAX_BODY_BYTES = 4096;
    private static final String INVALID = "invalid portal link request";
    private static final List<FieldError> TENANT_REQUIRED = List.of(new FieldError("tenant",
            "is required: the tenant's name, 1 to 128 characters without '|' or spaces"));

    private final ApiKeyStore keys;
    private final PortalLinks links;
    private final PortalProperties properties;
    private final Clock clock;

    PortalLinkController(ApiKeyStore keys, PortalLinks links, PortalProperties properties, Clock clock) {
        this.keys = keys;
        this.links = links;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping(path = "/v1/portal-links", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> issue(@RequestHeader(name = "Authorization", required = false) String auth,
            InputStream body, HttpServletRequest request) {
        Optional<ApiCaller> caller = keys.authenticate(auth);
        if (caller.isEmpty()) {
            return error(HttpStatus.UNAUTHORIZED, "missing or unknown API key (Authorization: Bearer <key>)",
                    List.of());
        }
        if (!caller.get().admin()) {
            return error(HttpStatus.FORBIDDEN, "portal links are issued with an admin key", List.of());
        }
        JsonNode json;
        try {
            json = JsonBodies.readObject(body, MAX_BODY_BYTES, "{\"tenant\": \"acme\"}");
        } catch (ApiRefusal refused) {
            return error(HttpStatus.valueOf(refused.status()), refused.getMessage(), refused.details());
        }
        JsonNode tenant = json.get("tenant");
        if (tenant == null || !tenant.isTextual() || !PortalLinks.validTenant(tenant.textValue())) {
            return error(HttpStatus.BAD_REQUEST, INVALID, TENANT_REQUIRED);
        }
        Instant now = clock.instant();
        String token = links.issue(tenant.textValue(), now);
        String base = properties.publicUrl() != null ? properties.publicUrl()
                : request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.put("url", base + "/portal/open?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        answer.put("tenant", tenant.textValue());
        answer.put("expiresAt", now.plus(links.ttl()).toString());
        return ResponseEntity.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON)
                .body(Json.write(answer));
    }

    private static ResponseEntity<String> error(HttpStatus status, String message, List<FieldError> errors) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ErrorBody.of(message, errors));
    }
}
