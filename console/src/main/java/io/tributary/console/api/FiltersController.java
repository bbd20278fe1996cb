package io.tributary.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.subscriptions.FilterTester;
import io.tributary.console.subscriptions.RecentEvents;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import io.tributary.model.auth.ApiKeyStore;
import io.tributary.model.http.ApiRefusal;
import io.tributary.model.http.JsonBodies;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/filters/test} (admin key): runs a subscription's {@code filter} and {@code where}, not yet saved,
 * against one event, as the console's filter tester does. The body is
 * {@code {"filter": F, "where": W, "event": E}} or, for a real event from the ledger, {@code "eventId": "..."}
 * instead of {@code event}; filter and where may each be left out. The answer is
 * {@code {"match": true|false, "failed": [{"path": "filter.status", "reason": "..."}], "eventId": "..."}}, where
 * {@code failed} names the entries of the filter and the where that the event fails. An invalid filter, where or
 * event is a 400 with each problem on its path ({@code filter.x}, {@code where.$or[1]}, {@code event.type}). The
 * body is read with the model's Jackson 2 mapper, so numbers keep their exact value.
 */
@RestController
class FiltersController {

    static final int MAX_BODY_BYTES = 1_048_576;
    private static final Set<String> FIELDS = Set.of("filter", "where", "event", "eventId");

    private final ApiKeyStore keys;
    private final RecentEvents events;

    FiltersController(ApiKeyStore keys, RecentEvents events) {
        this.keys = keys;
        this.events = events;
    }

    @PostMapping(path = "/v1/filters/test", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> test(@RequestHeader(name = "Authorization", required = false) String auth,
            InputStream body) {
        ConsoleApiErrors.requireAdmin(keys, auth, "only an admin key tests filters");
        JsonNode request = read(body);
        List<FieldError> errors = new ArrayList<>();
        request.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                errors.add(new FieldError(field, "is not a field of a filter test; it takes filter, where and event"
                        + " or eventId"));
            }
        });
        JsonNode event = request.get("event");
        JsonNode eventId = request.get("eventId");
        if (eventId != null && !eventId.isNull()) {
            if (event != null) {
                errors.add(new FieldError("eventId", "give either event or eventId, not both"));
            } else if (!eventId.isTextual() || eventId.asText().isBlank()) {
                errors.add(new FieldError("eventId", "must be an event id (a string)"));
            } else {
                event = events.event(eventId.asText()).orElse(null);
                if (event == null) {
                    errors.add(new FieldError("eventId", "is not an event the ledger holds"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiRefusal.badRequest("invalid filter test", errors);
        }
        FilterTester.Result result = FilterTester.test(request.get("filter"), request.get("where"), event);
        ObjectNode answer = result.toJson();
        answer.put("eventId", event.path("id").asText(null));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Json.write(answer));
    }

    private static JsonNode read(InputStream in) {
        return JsonBodies.readObject(in, MAX_BODY_BYTES,
                "{\"filter\": {\"status\": \"confirmed\"}, \"where\": {...}, \"event\": {...}} (or \"eventId\")");
    }
}
