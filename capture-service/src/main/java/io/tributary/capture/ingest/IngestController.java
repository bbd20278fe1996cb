package io.tributary.capture.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.BoundedBody;
import io.tributary.model.ErrorBody;
import io.tributary.model.EventEnvelope;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.auth.ApiCaller;
import io.tributary.model.auth.ApiKeyStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/events}: one CloudEvent or a JSON array of them, for services that cannot write to Kafka.
 * A tenant key publishes only for its tenant (its events get that tenant); an admin key for any. The whole
 * request is refused when any event is invalid, with every field path ({@code [2].type} in a batch). The answer
 * is 202 only after Kafka acknowledged every event ({@code acks=all}): nothing accepted is lost.
 */
@RestController
class IngestController {

    private final ApiKeyStore keys;
    private final IngestProperties properties;
    private final EventWriter writer;
    private final RecentIds recent;
    private final Clock clock;
    private final EventSchemas schemas;
    private final TenantRateLimits rateLimits;
    private final MeterRegistry meters;
    private final Counter acceptedEvents;

    IngestController(IngestProperties properties, ApiKeyStore keys, EventWriter writer, Clock clock, EventSchemas schemas,
            TenantRateLimits rateLimits, MeterRegistry meters) {
        this.keys = keys;
        this.schemas = schemas;
        this.rateLimits = rateLimits;
        this.meters = meters;
        this.acceptedEvents = Counter.builder("tributary.ingest.events").description("events accepted by the"
                + " ingestion API").register(meters);
        this.properties = properties;
        this.writer = writer;
        this.clock = clock;
        this.recent = new RecentIds(properties.dedupeWindow(), properties.dedupeEntries(), clock);
    }

    /**
     * The body is read from the stream, not through a message converter: it is JSON whatever the Content-Type
     * says, and a Content-Type Spring cannot use (such as a wildcard) is no reason for a 5xx.
     */
    @PostMapping(path = "/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> ingest(@RequestHeader(name = "Authorization", required = false) String authorization,
            InputStream body) {
        Timer.Sample sample = Timer.start(meters);
        ResponseEntity<String> response = handle(authorization, body);
        sample.stop(Timer.builder("tributary.ingest.latency")
                .description("from a request's arrival to its answer; for accepted ones, after Kafka acknowledged")
                .tag("status", Integer.toString(response.getStatusCode().value()))
                .publishPercentileHistogram()
                .register(meters));
        return response;
    }

    private ResponseEntity<String> handle(String authorization, InputStream in) {
        ApiCaller caller = keys.authenticate(authorization).orElse(null);
        if (caller == null) {
            return error(HttpStatus.UNAUTHORIZED, "missing or unknown API key: send Authorization: Bearer <key>",
                    List.of());
        }
        byte[] body;
        long length;
        try {
            BoundedBody read = BoundedBody.read(in, properties.maxBodyBytes());
            body = read.bytes();
            length = read.length();
        } catch (IOException e) {
            return error(HttpStatus.BAD_REQUEST, "the body could not be read: " + e.getMessage(), List.of());
        }
        if (length == 0) {
            return error(HttpStatus.BAD_REQUEST, "a CloudEvent or a JSON array of them is required", List.of());
        }
        if (length > properties.maxBodyBytes()) {
            return error(HttpStatus.PAYLOAD_TOO_LARGE, "the body is " + length + " bytes; at most "
                    + properties.maxBodyBytes() + " are accepted", List.of());
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (java.io.IOException e) {
            return error(HttpStatus.BAD_REQUEST, "not valid JSON: " + e.getMessage().split("\n")[0], List.of());
        }
        boolean batch = json.isArray();
        List<JsonNode> items = new ArrayList<>();
        if (batch) {
            json.forEach(items::add);
            if (items.isEmpty() || items.size() > properties.maxBatch()) {
                return error(HttpStatus.BAD_REQUEST, "a batch holds 1 to " + properties.maxBatch() + " events",
                        List.of());
            }
        } else {
            items.add(json);
        }
        List<FieldError> errors = new ArrayList<>();
        List<EventEnvelope> events = new ArrayList<>();
        Set<String> idsInRequest = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String prefix = batch ? "[" + i + "]" : "";
            EventEnvelope event = accept(caller, items.get(i), prefix, errors);
            if (event != null && !idsInRequest.add(event.tenant() + "/" + event.id())) {
                errors.add(new FieldError(path(prefix, "id"), "appears twice in this request"));
            } else if (event != null) {
                events.add(event);
            }
        }
        if (!errors.isEmpty()) {
            return error(HttpStatus.BAD_REQUEST, "invalid event", errors);
        }
        List<EventWriter.EventRecord> records = events.stream().map(EventWriter.EventRecord::of).toList();
        List<FieldError> oversized = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).size() > EventWriter.MAX_RECORD_BYTES) {
                oversized.add(new FieldError(batch ? "[" + i + "]" : "", "is " + records.get(i).size()
                        + " bytes as a Kafka record; at most " + EventWriter.MAX_RECORD_BYTES + " fit in one"));
            }
        }
        if (!oversized.isEmpty()) {
            return error(HttpStatus.PAYLOAD_TOO_LARGE, "event too large", oversized);
        }
        Map<String, Integer> perTenant = new LinkedHashMap<>();
        events.forEach(event -> perTenant.merge(event.tenant(), 1, Integer::sum));
        Optional<Duration> retryAfter = rateLimits.admit(perTenant);
        if (retryAfter.isPresent()) {
            long seconds = Math.max(1, (retryAfter.get().toMillis() + 999) / 1000);
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).contentType(MediaType.APPLICATION_JSON)
                    .header("Retry-After", Long.toString(seconds))
                    .body(ErrorBody.of("rate limit of tributary.ingest.rate-limit=" + properties.rateLimit()
                            + " events per second per tenant exceeded; retry after " + seconds + " s", List.of()));
        }
        List<FieldError> duplicates = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (recent.contains(events.get(i).tenant() + "/" + events.get(i).id())) {
                duplicates.add(new FieldError(path(batch ? "[" + i + "]" : "", "id"),
                        "an event with this id was already accepted"));
            }
        }
        if (!duplicates.isEmpty()) {
            return error(HttpStatus.CONFLICT, "duplicate event", duplicates);
        }
        writer.writeAll(records);
        acceptedEvents.increment(events.size());
        events.forEach(event -> recent.add(event.tenant() + "/" + event.id()));
        ObjectNode answer = Json.mapper().createObjectNode().put("accepted", events.size());
        ArrayNode ids = answer.putArray("ids");
        events.forEach(event -> ids.add(event.id()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON)
                .body(Json.write(answer));
    }

    private EventEnvelope accept(ApiCaller caller, JsonNode item, String prefix, List<FieldError> errors) {
        EventEnvelope event;
        try {
            event = EventEnvelope.fromJson(item);
        } catch (InvalidInputException e) {
            e.errors().forEach(error -> errors.add(new FieldError(path(prefix, error.path()), error.reason())));
            return null;
        }
        String tenant = event.tenant();
        if (!caller.admin()) {
            if (tenant != null && !tenant.equals(caller.tenant())) {
                errors.add(new FieldError(path(prefix, "tenant"), "this key publishes only for tenant "
                        + caller.tenant()));
                return null;
            }
            tenant = caller.tenant();
        }
        List<FieldError> schemaErrors = schemas.validate(event.type(), event.data());
        if (!schemaErrors.isEmpty()) {
            schemaErrors.forEach(error -> errors.add(new FieldError(path(prefix, error.path()), error.reason())));
            return null;
        }
        String time = event.time() != null ? event.time() : Instant.now(clock).toString();
        return new EventEnvelope(event.id(), event.source(), event.type(), time, event.subject(),
                event.datacontenttype() != null ? event.datacontenttype() : "application/json", tenant,
                event.correlationid(), event.causationid(), event.depth(), event.data(), event.extensions());
    }

    private static String path(String prefix, String field) {
        if (prefix.isEmpty()) {
            return field;
        }
        return field.isEmpty() ? prefix : prefix + "." + field;
    }

    private static ResponseEntity<String> error(HttpStatus status, String message, List<FieldError> details) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ErrorBody.of(message, details));
    }
}
