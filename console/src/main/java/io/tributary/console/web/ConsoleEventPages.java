package io.tributary.console.web;

import static io.tributary.console.web.ConsoleSession.page;
import static io.tributary.console.web.SearchForms.form;
import static io.tributary.console.web.SearchForms.given;
import static io.tributary.console.web.SearchForms.next;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.api.SearchParameters;
import io.tributary.console.ledger.LedgerQuery;
import io.tributary.console.ledger.LedgerSearch;
import io.tributary.console.tail.EventTails;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The console's Events screens: the event search over the same parameters as {@code GET /v1/events} (each refused
 * parameter's reason shown on its field), an event's page with its whole envelope and every delivery it caused,
 * and the live tail of the search ({@code /console/events/tail}, server-sent events, what {@code GET
 * /v1/events/tail} streams), ended when the session signs out. Pages read; none changes state.
 */
@Controller
class ConsoleEventPages {

    /** The console's policy, which lets the events page's script open its live tail, on the console's origin only. */
    static final String EVENTS_CONTENT_SECURITY_POLICY = ConsoleSecurityHeaders.CONTENT_SECURITY_POLICY
            + "; connect-src 'self'";

    static final List<String> FIELDS = List.of("tenant", "type", "table", "recordId", "eventId", "from", "to",
            "filter", "where");

    private final LedgerSearch search;
    private final EventTails tails;

    ConsoleEventPages(LedgerSearch search, EventTails tails) {
        this.search = search;
        this.tails = tails;
    }

    @GetMapping("/console/events")
    String events(HttpServletRequest request, HttpServletResponse response, HttpSession session, Model model) {
        response.setHeader("Content-Security-Policy", EVENTS_CONTENT_SECURITY_POLICY);
        page(session, model, "events");
        Map<String, String[]> given = given(request, Set.of());
        model.addAttribute("form", form(given, FIELDS));
        Map<String, String[]> tailed = new LinkedHashMap<>(given);
        tailed.remove("cursor");
        tailed.remove("limit");
        model.addAttribute("tail", SearchForms.link("/console/events/tail", tailed));
        try {
            LedgerQuery query = SearchParameters.read(given, SearchParameters.EVENTS);
            LedgerSearch.Page page = search.events(query);
            model.addAttribute("items", page.items());
            model.addAttribute("next", next("/console/events", given, page));
        } catch (InvalidInputException e) {
            model.addAttribute("items", List.of());
            model.addAttribute("errors", e.errors());
            model.addAttribute("fieldErrors", byField(e.errors()));
        }
        return "events";
    }

    @GetMapping("/console/event")
    String event(@RequestParam(name = "id", required = false) String id, HttpSession session, Model model) {
        page(session, model, "events");
        model.addAttribute("id", id);
        Optional<ObjectNode> event = id == null ? Optional.empty() : search.event(id);
        model.addAttribute("event", event.orElse(null));
        event.ifPresent(e -> model.addAttribute("envelope", e.get("envelope").toPrettyString()));
        return "event";
    }

    /**
     * The live tail of the page's search; signed out, the sign-in page (which a browser's {@code EventSource} takes
     * as the end of the stream), and 400 with the reasons of a bad search.
     */
    @GetMapping("/console/events/tail")
    SseEmitter tail(HttpServletRequest request, HttpSession session, HttpServletResponse response)
            throws java.io.IOException {
        try {
            return tails.open(SearchParameters.read(given(request, Set.of()), SearchParameters.TAIL), session.getId());
        } catch (InvalidInputException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.errors().stream()
                    .map(f -> f.path() + " " + f.reason()).reduce((a, b) -> a + "; " + b).orElse(e.getMessage()));
            return null;
        } catch (EventTails.TooManyTails e) {
            response.sendError(429, e.getMessage());
            return null;
        }
    }

    /** Each refused field's reasons, by the form field they belong to ({@code where.new.amount} is {@code where}'s). */
    static Map<String, String> byField(List<FieldError> errors) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (FieldError error : errors) {
            String field = error.path().split("[.\\[]", 2)[0];
            String reason = (error.path().equals(field) ? "" : error.path() + ": ") + error.reason();
            byField.merge(field, reason, (a, b) -> a + "; " + b);
        }
        return byField;
    }
}
