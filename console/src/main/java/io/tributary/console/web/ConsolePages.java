package io.tributary.console.web;

import static io.tributary.console.web.ConsoleSession.CALLER;
import static io.tributary.console.web.ConsoleSession.CSRF;
import static io.tributary.console.web.ConsoleSession.FLASH;
import static io.tributary.console.web.ConsoleSession.NEXT;
import static io.tributary.console.web.ConsoleSession.csrfToken;
import static io.tributary.console.web.ConsoleSession.newToken;
import static io.tributary.console.web.ConsoleSession.page;
import static io.tributary.console.web.ConsoleSession.validCsrf;
import static io.tributary.console.web.SearchForms.form;
import static io.tributary.console.web.SearchForms.given;
import static io.tributary.console.web.SearchForms.link;
import static io.tributary.console.web.SearchForms.next;

import io.tributary.console.web.ConsoleSession.Flash;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.actions.ConsoleActions;
import io.tributary.console.actions.RedriveJobs;
import io.tributary.console.api.Redrives;
import io.tributary.console.api.SearchParameters;
import io.tributary.console.ledger.LedgerOverview;
import io.tributary.console.ledger.LedgerQuery;
import io.tributary.console.ledger.LedgerSearch;
import io.tributary.console.status.ConsumerLag;
import io.tributary.console.status.ServiceStatus;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.auth.ApiCaller;
import io.tributary.model.auth.ApiKeyStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's pages, each at a URL that can be shared: sign-in with an admin key (kept in the server-side session
 * only, never in the page; after it the page first asked for), sign-out, the overview of the last hour (per minute
 * in a chart, with the consumer groups' lag, the quarantined subscriptions and the capture's state), the deliveries
 * search over the same parameters as {@code GET /v1/deliveries}, a delivery's page with its attempts and
 * "resend now", and the dead letters per topic, searched like {@code GET /v1/dead-letters}, with a redrive of a
 * selection or of the whole search after a page that shows its exact count. Every action calls what the API calls.
 * Every form that changes state carries the session's anti-forgery token, and the session cookie is
 * {@code SameSite=Strict}.
 */
@Controller
class ConsolePages {

    static final List<String> DEAD_LETTER_FIELDS = List.of("topic", "tenant", "subscription", "reasonCode", "type",
            "eventId", "deliveryId", "from", "to", "filter", "where");

    /** Where a redrive's page leads back to: the dead-letter search it was started from. */
    static final String BACK = "tributary.console.redrive-back.";

    private final ApiKeyStore keys;
    private final LedgerSearch search;
    private final LedgerOverview overview;
    private final ConsoleActions actions;
    private final RedriveJobs jobs;
    private final Clock clock;
    private final ConsumerLag lag;
    private final ServiceStatus services;

    ConsolePages(ApiKeyStore keys, LedgerSearch search, LedgerOverview overview, ConsoleActions actions,
            RedriveJobs jobs, Clock clock, ConsumerLag lag, ServiceStatus services) {
        this.lag = lag;
        this.services = services;
        this.jobs = jobs;
        this.keys = keys;
        this.search = search;
        this.overview = overview;
        this.actions = actions;
        this.clock = clock;
    }

    @GetMapping("/console/login")
    String login(HttpSession session, Model model) {
        model.addAttribute("csrf", csrfToken(session));
        return "login";
    }

    @PostMapping("/console/login")
    String signIn(@RequestParam(name = "key", required = false) String key,
            @RequestParam(name = "csrf", required = false) String csrf, HttpServletRequest request, Model model) {
        HttpSession session = request.getSession();
        if (!validCsrf(session, csrf)) {
            model.addAttribute("csrf", csrfToken(session));
            model.addAttribute("error", "The form expired; sign in again.");
            return "login";
        }
        Optional<ApiCaller> caller = keys.authenticate(key == null ? null : "Bearer " + key);
        if (caller.isEmpty() || !caller.get().admin()) {
            model.addAttribute("csrf", csrfToken(session));
            model.addAttribute("error", caller.isEmpty() ? "This key is not known to the console."
                    : "The console needs an admin key; this one belongs to a tenant.");
            return "login";
        }
        request.changeSessionId();
        session.setAttribute(CALLER, caller.get());
        session.setAttribute(ConsoleSession.KEY, key);
        session.setAttribute(CSRF, newToken());
        Object next = session.getAttribute(NEXT);
        session.removeAttribute(NEXT);
        return "redirect:" + (next instanceof String page ? page : "/console/overview");
    }

    @PostMapping("/console/logout")
    String signOut(@RequestParam(name = "csrf", required = false) String csrf, HttpSession session) {
        if (validCsrf(session, csrf)) {
            session.invalidate();
        }
        return "redirect:/console/login";
    }

    @GetMapping({"/console", "/console/"})
    String home() {
        return "redirect:/console/overview";
    }

    @GetMapping("/console/overview")
    String overview(HttpSession session, Model model) {
        page(session, model, "overview");
        ObjectNode last = overview.overview(clock.instant());
        model.addAttribute("overview", last);
        model.addAttribute("series", Json.write(last.path("perMinute")));
        model.addAttribute("topics", overview.deadLetterTopics());
        model.addAttribute("lag", lag.report());
        model.addAttribute("quarantined", services.quarantined(ConsoleSession.key(session)));
        model.addAttribute("capture", services.capture());
        return "overview";
    }

    @GetMapping("/console/deliveries")
    String deliveries(HttpServletRequest request, HttpSession session, Model model) {
        page(session, model, "deliveries");
        Map<String, String[]> given = given(request, Set.of());
        model.addAttribute("form", form(given, List.of("tenant", "subscription", "outcome", "status", "type",
                "recordId", "eventId", "from", "to", "filter", "where")));
        try {
            LedgerQuery query = SearchParameters.read(given, SearchParameters.DELIVERIES);
            LedgerSearch.Page page = search.deliveries(query);
            model.addAttribute("items", page.items());
            model.addAttribute("next", next("/console/deliveries", given, page));
        } catch (InvalidInputException e) {
            model.addAttribute("items", List.of());
            model.addAttribute("errors", e.errors());
        }
        return "deliveries";
    }

    @GetMapping("/console/delivery")
    String delivery(@RequestParam(name = "id", required = false) String id, HttpSession session, Model model) {
        page(session, model, "deliveries");
        model.addAttribute("id", id);
        Optional<ObjectNode> delivery = id == null ? Optional.empty() : search.delivery(id);
        model.addAttribute("delivery", delivery.orElse(null));
        delivery.ifPresent(d -> {
            model.addAttribute("headers", RequestHeaders.of(d));
            model.addAttribute("sent", RequestHeaders.lastSent(d).orElse(null));
        });
        return "delivery";
    }

    @PostMapping("/console/delivery/resend")
    String resend(@RequestParam(name = "id", required = false) String id, HttpSession session) {
        String back = link("/console/delivery", id == null ? Map.of() : Map.of("id", new String[] {id}));
        JsonNode record = id == null ? null : search.delivery(id).map(d -> d.get("record")).orElse(null);
        if (record == null || !record.isObject()) {
            session.setAttribute(FLASH, new Flash(false, "The ledger does not know where this delivery's record is,"
                    + " so it cannot be sent again."));
            return "redirect:" + back;
        }
        try {
            ConsoleActions.Result result = actions.resend(new LedgerSearch.Position(record.get("topic").asText(),
                    record.get("partition").asInt(), record.get("offset").asLong()));
            session.setAttribute(FLASH, new Flash(true, "Sent again to " + record.get("topic").asText()
                    + (result.notes().isEmpty() ? "" : " " + String.join(" ", result.notes()))
                    + ". Its attempts appear below as the dispatcher makes them."));
        } catch (Exception e) {
            session.setAttribute(FLASH, new Flash(false, "Not sent: " + e.getMessage()));
        }
        return "redirect:" + back;
    }

    @GetMapping("/console/dead-letters")
    String deadLetters(HttpServletRequest request, HttpSession session, Model model) {
        page(session, model, "dead-letters");
        Map<String, String[]> given = given(request, Set.of());
        model.addAttribute("form", form(given, DEAD_LETTER_FIELDS));
        model.addAttribute("topics", overview.deadLetterTopics());
        model.addAttribute("query", given);
        try {
            LedgerQuery query = SearchParameters.read(given, SearchParameters.DEAD_LETTERS);
            LedgerSearch.Page page = search.deadLetters(query);
            model.addAttribute("items", page.items());
            model.addAttribute("next", next("/console/dead-letters", given, page));
            Map<String, String[]> whole = new LinkedHashMap<>(given);
            whole.remove("cursor");
            model.addAttribute("review", link("/console/dead-letters/redrive", whole));
        } catch (InvalidInputException e) {
            model.addAttribute("items", List.of());
            model.addAttribute("errors", e.errors());
        }
        return "dead-letters";
    }

    @GetMapping("/console/dead-letters/redrive")
    String reviewRedrive(HttpServletRequest request, HttpSession session, Model model) {
        page(session, model, "dead-letters");
        Map<String, String[]> given = given(request, Set.of("position"));
        model.addAttribute("query", given);
        model.addAttribute("back", link("/console/dead-letters", given));
        try {
            Redrives.Selection selection = Redrives.select(request.getParameterMap(), search);
            model.addAttribute("plan", actions.plan(selection.positions()));
            model.addAttribute("selected", selection.selected());
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.errors());
        }
        return "redrive";
    }

    @PostMapping("/console/dead-letters/redrive")
    String redrive(HttpServletRequest request, HttpSession session) {
        Map<String, String[]> given = given(request, Set.of("position", "csrf", "dryRun"));
        try {
            Redrives.Selection selection = Redrives.select(request.getParameterMap(), search);
            ConsoleActions.Plan plan = actions.plan(selection.positions());
            RedriveJobs.Job job = jobs.start(plan.toSend(), plan.redrivenBefore(),
                    progress -> actions.redrive(selection.positions(), progress));
            session.setAttribute(BACK + job.id(), link("/console/dead-letters", given));
            return "redirect:/console/redrives/" + job.id();
        } catch (InvalidInputException e) {
            session.setAttribute(FLASH, new Flash(false, "Nothing redriven: " + e.errors().stream()
                    .map(f -> f.path() + " " + f.reason()).reduce((a, b) -> a + "; " + b).orElse(e.getMessage())));
            return "redirect:" + link("/console/dead-letters", given);
        }
    }

    @GetMapping("/console/redrives/{id}")
    String redriveProgress(@PathVariable("id") String id, HttpSession session, Model model) {
        page(session, model, "dead-letters");
        model.addAttribute("job", jobs.get(id).orElse(null));
        Object back = session.getAttribute(BACK + id);
        model.addAttribute("back", back instanceof String link ? link : "/console/dead-letters");
        return "redrive-progress";
    }

    @PostMapping("/console/redrives/{id}/cancel")
    String cancelRedrive(@PathVariable("id") String id) {
        jobs.cancel(id);
        return "redirect:/console/redrives/" + id;
    }
}
