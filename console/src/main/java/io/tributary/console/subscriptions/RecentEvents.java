package io.tributary.console.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.api.SearchParameters;
import io.tributary.console.ledger.LedgerSearch;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Real events from the ledger for the filter tester: the latest of the kind a subscription selects (its event type or
 * table, its tenant), and one event by id, each as the CloudEvent the router matched. An event whose payload the
 * retention has removed has no data. Thread-safe.
 */
public final class RecentEvents {

    /** How many recent events the tester offers. */
    public static final int LIMIT = 20;

    private final LedgerSearch search;

    public RecentEvents(LedgerSearch search) {
        this.search = search;
    }

    /**
     * The latest events of the selection, newest first: the type ({@code invoice.*} a prefix) or the table, and the
     * tenant when it is given; the latest events of any kind when neither type nor table is.
     */
    public List<ObjectNode> latest(String tenant, String eventType, String table) {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        if (present(tenant)) {
            parameters.put("tenant", new String[] {tenant.strip()});
        }
        if (present(table)) {
            String name = table.strip();
            parameters.put("table", new String[] {name.substring(name.indexOf('.') + 1)});
        } else if (present(eventType) && !eventType.strip().equals("*")) {
            parameters.put("type", new String[] {eventType.strip()});
        }
        parameters.put("limit", new String[] {Integer.toString(LIMIT)});
        try {
            return stored(search.events(SearchParameters.read(parameters, parameters.keySet())).items());
        } catch (RuntimeException unreadable) {
            // A selection the search cannot take (a half-typed type) offers no events rather than failing the page.
            return List.of();
        }
    }

    /** The latest events a subscription selects. */
    public List<ObjectNode> latest(Subscription s) {
        return latest(s.tenant(), s.eventType(), s.table());
    }

    /** The event {@code id} as a CloudEvent; empty when the ledger does not hold it. */
    public Optional<ObjectNode> event(String id) {
        if (!present(id)) {
            return Optional.empty();
        }
        Map<String, String[]> parameters = Map.of("eventId", new String[] {id.strip()}, "limit", new String[] {"1"});
        return stored(search.events(SearchParameters.read(parameters, parameters.keySet())).items()).stream()
                .findFirst();
    }

    /**
     * The rows' events as they were stored (every attribute, so that a {@code where} on an extension, the subject
     * or the correlation id answers as the router's); a row whose stored envelope cannot be read, as rebuilt from
     * its columns.
     */
    private List<ObjectNode> stored(List<ObjectNode> rows) {
        Map<String, ObjectNode> envelopes = search.envelopes(rows.stream().map(r -> r.path("id").asText()).toList());
        return rows.stream().map(r -> envelopes.getOrDefault(r.path("id").asText(), envelope(r))).toList();
    }

    /** A ledger row of an event as its CloudEvent (structured JSON), with what the router matched on. */
    static ObjectNode envelope(ObjectNode row) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", row.path("id").asText());
        event.put("source", row.path("source").asText());
        event.put("type", row.path("type").asText());
        if (row.hasNonNull("time")) {
            event.put("time", row.get("time").asText());
        }
        if (row.hasNonNull("recordId")) {
            event.put("subject", row.get("recordId").asText());
        }
        event.put("datacontenttype", "application/json");
        if (row.hasNonNull("tenant")) {
            event.put("tenant", row.get("tenant").asText());
        }
        JsonNode data = row.get("data");
        event.set("data", data == null ? Json.mapper().nullNode() : data);
        return event;
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }
}
