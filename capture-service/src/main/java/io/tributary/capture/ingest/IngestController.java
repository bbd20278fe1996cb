package io.tributary.capture.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.BoundedBody;
import io.tributary.model.EventEnvelope;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.auth.ApiCaller;
import io.tributary.model.auth.ApiKeyStore;
import io.tributary.model.http.ApiExceptionHandler;
import io.tributary.model.http.ApiRefusal;
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
import org.apache.kafka.common.errors.RetriableException;
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
 * is 202 only after Kafka acknowledged every event ({@code acks=all}): nothing accepted is lost; when Kafka does not
 * acknowledge them in time, 503 with {@code Retry-After} (the service's {@link ApiExceptionHandler}).
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
        int status = HttpStatus.INTERNAL_SERVER_ERROR.value();
        try {
            ResponseEntity<String> response = handle(authorization, body);
            status = response.getStatusCode().value();
            return response;
        } catch (ApiRefusal refusal) {
            status = refusal.status();
            throw refusal;
        } catch (RetriableException kafkaUnavailable) {
            status = HttpStatus.SERVICE_UNAVAILABLE.value();
            throw kafkaUnavailable;
        } finally {
            sample.stop(Timer.builder("tributary.ingest.latency")
                    .description("from a request's arrival to its answer; for accepted ones, after Kafka acknowledged")
                    .tag("status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .register(meters));
        }
    }

    /** The steps of a request, each refusing it with an {@link ApiRefusal}, in the order a client meets them. */
    private ResponseEntity<String> handle(String authorization, InputStream in) {
        ApiCaller caller = authenticate(authorization);
        Request request = parse(readBody(in));
        List<EventEnvelope> events = validate(caller, request);
        List<EventWriter.EventRecord> records = fitInRecords(request, events);
        admitRate(events);
        rejectAcceptedBefore(request, events);
        writer.writeAll(records);
        acceptedEvents.increment(events.size());
        events.forEach(event -> recent.add(dedupeKey(event)));
        ObjectNode answer = Json.mapper().createObjectNode().put("accepted", events.size());
        ArrayNode ids = answer.putArray("ids");
        events.forEach(event -> ids.add(event.id()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON)
                .body(Json.write(answer));
    }

    /** The body's events: one object, or a batch (a JSON array) whose items are named {@code [i]} in errors. */
    private record Request(boolean batch, List<JsonNode> items) {

        String prefix(int index) {
            return batch ? "[" + index + "]" : "";
        }
    }

    private ApiCaller authenticate(String authorization) {
        return keys.authenticate(authorization).orElseThrow(() -> ApiRefusal.unauthorized(
                "missing or unknown API key: send Authorization: Bearer <key>"));
    }

    private byte[] readBody(InputStream in) {
        BoundedBody read;
        try {
            read = BoundedBody.read(in, properties.maxBodyBytes());
        } catch (IOException e) {
            throw ApiRefusal.badRequest("the body could not be read: " + e.getMessage(), List.of());
        }
        if (read.length() == 0) {
            throw ApiRefusal.badRequest("a CloudEvent or a JSON array of them is required", List.of());
        }
        if (read.length() > properties.maxBodyBytes()) {
            throw ApiRefusal.tooLarge("the body is " + read.length() + " bytes; at most "
                    + properties.maxBodyBytes() + " are accepted", List.of());
        }
        return read.bytes();
    }

    private Request parse(byte[] body) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw ApiRefusal.badRequest("not valid JSON: " + e.getMessage().split("\n")[0], List.of());
        }
        if (!json.isArray()) {
            return new Request(false, List.of(json));
        }
        List<JsonNode> items = new ArrayList<>();
        json.forEach(items::add);
        if (items.isEmpty() || items.size() > properties.maxBatch()) {
            throw ApiRefusal.badRequest("a batch holds 1 to " + properties.maxBatch() + " events", List.of());
        }
        return new Request(true, items);
    }

    /** Every item as an event of the caller's tenant, or every problem of every item at once. */
    private List<EventEnvelope> validate(ApiCaller caller, Request request) {
        List<FieldError> errors = new ArrayList<>();
        List<EventEnvelope> events = new ArrayList<>();
        Set<String> idsInRequest = new HashSet<>();
        for (int i = 0; i < request.items().size(); i++) {
            String prefix = request.prefix(i);
            EventEnvelope event = accept(caller, request.items().get(i), prefix, errors);
            if (event != null && !idsInRequest.add(dedupeKey(event))) {
                errors.add(new FieldError(path(prefix, "id"), "appears twice in this request"));
            } else if (event != null) {
                events.add(event);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiRefusal.badRequest("invalid event", errors);
        }
        return events;
    }

    /** The records to write, once each is known to fit in a Kafka record. */
    private static List<EventWriter.EventRecord> fitInRecords(Request request, List<EventEnvelope> events) {
        List<EventWriter.EventRecord> records = events.stream().map(EventWriter.EventRecord::of).toList();
        List<FieldError> oversized = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).size() > EventWriter.MAX_RECORD_BYTES) {
                oversized.add(new FieldError(request.prefix(i), "is " + records.get(i).size()
                        + " bytes as a Kafka record; at most " + EventWriter.MAX_RECORD_BYTES + " fit in one"));
            }
        }
        if (!oversized.isEmpty()) {
            throw ApiRefusal.tooLarge("event too large", oversized);
        }
        return records;
    }

    private void admitRate(List<EventEnvelope> events) {
        Map<String, Integer> perTenant = new LinkedHashMap<>();
        events.forEach(event -> perTenant.merge(event.tenant(), 1, Integer::sum));
        Optional<Duration> retryAfter = rateLimits.admit(perTenant);
        if (retryAfter.isPresent()) {
            long seconds = Math.max(1, (retryAfter.get().toMillis() + 999) / 1000);
            throw ApiRefusal.tooManyRequests("rate limit of tributary.ingest.rate-limit=" + properties.rateLimit()
                    + " events per second per tenant exceeded; retry after " + seconds + " s",
                    Duration.ofSeconds(seconds));
        }
    }

    private void rejectAcceptedBefore(Request request, List<EventEnvelope> events) {
        List<FieldError> duplicates = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (recent.contains(dedupeKey(events.get(i)))) {
                duplicates.add(new FieldError(path(request.prefix(i), "id"),
                        "an event with this id was already accepted"));
            }
        }
        if (!duplicates.isEmpty()) {
            throw ApiRefusal.conflict("duplicate event", duplicates);
        }
    }

    private static String dedupeKey(EventEnvelope event) {
        return event.tenant() + "/" + event.id();
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
}
