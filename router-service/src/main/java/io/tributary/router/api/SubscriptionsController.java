package io.tributary.router.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.model.SubscriptionValidator;
import io.tributary.model.auth.ApiCaller;
import io.tributary.model.http.ApiExceptionHandler;
import io.tributary.model.http.ApiRefusal;
import io.tributary.model.http.JsonBodies;
import io.tributary.router.index.QuarantinedSubscription;
import io.tributary.router.index.SubscriptionIndex;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The subscriptions admin API: {@code /v1/subscriptions[/id]}. A tenant key sees and changes only its tenant's
 * subscriptions (another tenant's are 404, as if they did not exist); an admin key sees all. Bodies are read and
 * written with the model's Jackson 2 mapper, so the API speaks exactly the JSON of the topic; secrets are
 * always masked in responses.
 */
@RestController
@RequestMapping(path = "/v1/subscriptions", produces = MediaType.APPLICATION_JSON_VALUE)
class SubscriptionsController {

    static final int MAX_PAGE = 500;
    static final int MAX_BODY_BYTES = 1_048_576;

    private final ApiKeyAuthenticator authenticator;
    private final SubscriptionIndex index;
    private final SubscriptionPublisher publisher;
    private final SecureRandom random = new SecureRandom();

    SubscriptionsController(ApiKeyAuthenticator authenticator, SubscriptionIndex index,
            SubscriptionPublisher publisher) {
        this.authenticator = authenticator;
        this.index = index;
        this.publisher = publisher;
    }

    /** The body is read as JSON whatever the Content-Type says, not through a message converter. */
    @PostMapping
    ResponseEntity<String> create(@RequestHeader(name = "Authorization", required = false) String auth,
            InputStream body) {
        ApiCaller caller = caller(auth);
        ObjectNode json = parse(body);
        if (!json.hasNonNull("id")) {
            json.put("id", "sub_" + HexFormat.of().formatHex(bytes()));
        } else if (index.get(json.get("id").asText()) != null) {
            throw new ApiRefusal(HttpStatus.CONFLICT.value(), "subscription exists",
                    List.of(new FieldError("id", "is taken; use PUT to change it")));
        }
        Subscription subscription = publisher.put(checked(caller, json));
        return json(HttpStatus.CREATED, subscription.toRedactedJson());
    }

    @GetMapping
    ResponseEntity<String> list(@RequestHeader(name = "Authorization", required = false) String auth,
            @RequestParam(name = "limit", defaultValue = "100") int limit,
            @RequestParam(name = "after", required = false) String after) {
        ApiCaller caller = caller(auth);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ApiRefusal(HttpStatus.BAD_REQUEST.value(), "invalid query",
                    List.of(new FieldError("limit", "must be from 1 to " + MAX_PAGE)));
        }
        List<Subscription> visible = index.all().stream()
                .filter(s -> caller.mayAccess(s.tenant()))
                .filter(s -> after == null || s.id().compareTo(after) > 0)
                .sorted(Comparator.comparing(Subscription::id))
                .limit(limit + 1L)
                .toList();
        ObjectNode page = Json.mapper().createObjectNode();
        ArrayNode items = page.putArray("items");
        visible.stream().limit(limit).forEach(s -> items.add(s.toRedactedJson()));
        page.put("next", visible.size() > limit ? visible.get(limit - 1).id() : null);
        return json(HttpStatus.OK, page);
    }

    /** Subscription records the router could not use, with the reason; admin keys only. */
    @GetMapping("/quarantined")
    ResponseEntity<String> quarantined(@RequestHeader(name = "Authorization", required = false) String auth) {
        if (!caller(auth).admin()) {
            throw new ApiRefusal(HttpStatus.FORBIDDEN.value(), "only an admin key lists quarantined subscriptions");
        }
        ArrayNode items = Json.mapper().createArrayNode();
        index.quarantined().stream().sorted(Comparator.comparing(QuarantinedSubscription::id)).forEach(q ->
                items.addObject().put("id", q.id()).put("reason", q.reason()).put("preview", q.preview())
                        .put("seenAt", q.seenAt().toString()));
        ObjectNode page = Json.mapper().createObjectNode();
        page.set("items", items);
        return json(HttpStatus.OK, page);
    }

    @GetMapping("/{id}")
    ResponseEntity<String> get(@RequestHeader(name = "Authorization", required = false) String auth,
            @PathVariable("id") String id) {
        return json(HttpStatus.OK, visible(caller(auth), id).toRedactedJson());
    }

    @PutMapping("/{id}")
    ResponseEntity<String> update(@RequestHeader(name = "Authorization", required = false) String auth,
            @PathVariable("id") String id, InputStream body) {
        ApiCaller caller = caller(auth);
        visible(caller, id);
        ObjectNode json = parse(body);
        if (json.hasNonNull("id") && !id.equals(json.get("id").asText())) {
            throw new ApiRefusal(HttpStatus.BAD_REQUEST.value(), "invalid subscription",
                    List.of(new FieldError("id", "must be " + id + ", the id in the path, or left out")));
        }
        json.put("id", id);
        Subscription subscription = publisher.put(checked(caller, json));
        return json(HttpStatus.OK, subscription.toRedactedJson());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@RequestHeader(name = "Authorization", required = false) String auth,
            @PathVariable("id") String id) {
        visible(caller(auth), id);
        publisher.delete(id);
        return ResponseEntity.noContent().build();
    }

    /** Stops matching without losing the subscription; {@code resume} starts it again. */
    @PostMapping("/{id}/pause")
    ResponseEntity<String> pause(@RequestHeader(name = "Authorization", required = false) String auth,
            @PathVariable("id") String id) {
        return setActive(caller(auth), id, false);
    }

    @PostMapping("/{id}/resume")
    ResponseEntity<String> resume(@RequestHeader(name = "Authorization", required = false) String auth,
            @PathVariable("id") String id) {
        return setActive(caller(auth), id, true);
    }

    private ResponseEntity<String> setActive(ApiCaller caller, String id, boolean active) {
        Subscription changed = publisher.put(visible(caller, id).withActive(active));
        return json(HttpStatus.OK, changed.toRedactedJson());
    }

    /** A query parameter of the wrong type ({@code limit=abc}) is a 400 naming it, like any other field. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<String> handle(MethodArgumentTypeMismatchException e) {
        return ApiExceptionHandler.answer(ApiRefusal.badRequest("invalid query", List.of(new FieldError(e.getName(),
                "must be a whole number from 1 to " + MAX_PAGE))));
    }

    private ApiCaller caller(String authorization) {
        return authenticator.authenticate(authorization).orElseThrow(() -> new ApiRefusal(HttpStatus.UNAUTHORIZED.value(),
                "missing or unknown API key: send Authorization: Bearer <key>"));
    }

    private Subscription visible(ApiCaller caller, String id) {
        Subscription subscription = index.get(id);
        if (subscription == null || !caller.mayAccess(subscription.tenant())) {
            throw new ApiRefusal(HttpStatus.NOT_FOUND.value(), "no subscription " + id);
        }
        return subscription;
    }

    private static ObjectNode parse(InputStream in) {
        return JsonBodies.readObject(in, MAX_BODY_BYTES, "{\"name\": \"orders-to-crm\", \"table\": \"salesOrder\","
                + " \"type\": \"WEBHOOK\", \"config\": {\"url\": \"https://crm.example.com/hooks\"}}");
    }

    /** Applies the tenant rules, validates and checks the name is unique within the tenant. */
    private Subscription checked(ApiCaller caller, ObjectNode json) {
        if (!caller.admin()) {
            JsonNode tenant = json.get("tenant");
            if (tenant != null && !tenant.isNull() && !caller.tenant().equals(tenant.asText())) {
                throw new ApiRefusal(HttpStatus.FORBIDDEN.value(), "invalid subscription", List.of(new FieldError("tenant",
                        "a tenant key manages only its own tenant's subscriptions")));
            }
            json.put("tenant", caller.tenant());
        }
        List<FieldError> errors = SubscriptionValidator.validate(json, true);
        if (!errors.isEmpty()) {
            throw new ApiRefusal(HttpStatus.BAD_REQUEST.value(), "invalid subscription", errors);
        }
        Subscription subscription = Subscription.fromJson(json);
        boolean duplicate = index.all().stream().anyMatch(other -> !other.id().equals(subscription.id())
                && other.name().equals(subscription.name())
                && java.util.Objects.equals(other.tenant(), subscription.tenant()));
        if (duplicate) {
            throw new ApiRefusal(HttpStatus.CONFLICT.value(), "duplicate name", List.of(new FieldError("name",
                    "another subscription of this tenant is named " + subscription.name())));
        }
        return subscription;
    }

    private byte[] bytes() {
        byte[] bytes = new byte[10];
        random.nextBytes(bytes);
        return bytes;
    }

    private static ResponseEntity<String> json(HttpStatus status, JsonNode body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Json.write(body));
    }
}
