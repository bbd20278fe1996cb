package io.tributary.console.web;

import static io.tributary.console.web.ConsoleSession.FLASH;
import static io.tributary.console.web.ConsoleSession.page;
import static io.tributary.console.web.SearchForms.form;
import static io.tributary.console.web.SearchForms.given;
import static io.tributary.console.web.SearchForms.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.api.SearchParameters;
import io.tributary.console.ledger.LedgerSearch;
import io.tributary.console.subscriptions.FilterTester;
import io.tributary.console.subscriptions.RecentEvents;
import io.tributary.console.subscriptions.SubscriptionForm;
import io.tributary.console.subscriptions.SubscriptionStats;
import io.tributary.console.subscriptions.Subscriptions;
import io.tributary.console.web.ConsoleSession.Flash;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's subscription screens, for every tenant: the list with its search and each subscription's last hour
 * from the ledger, a subscription's page (settings with secrets masked, recent deliveries, success rate over the
 * last hour and day, pause and resume), the create and edit forms with each problem on its field, and the filter
 * tester on the form and on the subscription's page. Subscriptions are read and written through the shared
 * {@link Subscriptions} store under the rules of the router's admin API ({@code /v1/subscriptions}: list, create,
 * update, pause, resume), which is what a script calls for the same actions; the filter tester is
 * {@code POST /v1/filters/test}. A new webhook's signing secret is shown once, on the page after it is made.
 */
@Controller
class ConsoleSubscriptionPages {

    static final List<String> SEARCH_FIELDS = List.of("tenant", "type", "eventType", "q", "state");
    /** The signing secret made by a create, shown once by the next subscription page. */
    static final String NEW_SECRET = "tributary.console.new-secret";

    private final Subscriptions subscriptions;
    private final SubscriptionStats stats;
    private final RecentEvents events;
    private final LedgerSearch search;
    private final Clock clock;

    ConsoleSubscriptionPages(Subscriptions subscriptions, SubscriptionStats stats, RecentEvents events,
            LedgerSearch search, Clock clock) {
        this.subscriptions = subscriptions;
        this.stats = stats;
        this.events = events;
        this.search = search;
        this.clock = clock;
    }

    /** A row of the list: the subscription, what the page shows of it, and its last hour. */
    record Row(Subscription subscription, String selects, String endpointHost, SubscriptionStats.Rate lastHour) {
    }

    @GetMapping("/console/subscriptions")
    String list(HttpServletRequest request, HttpSession session, Model model) {
        page(session, model, "subscriptions");
        Map<String, String> form = form(given(request, Set.of()), SEARCH_FIELDS);
        model.addAttribute("form", form);
        Instant now = clock.instant();
        Map<String, SubscriptionStats.Rate> lastHour = stats.bySubscription(now.minus(Duration.ofHours(1)), now);
        List<Subscription> all = subscriptions.all();
        List<Row> rows = all.stream().filter(s -> matches(s, form)).map(s -> new Row(s, selects(s),
                endpointHost(s), lastHour.getOrDefault(s.id(), SubscriptionStats.Rate.NONE))).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("total", all.size());
        return "subscriptions";
    }

    /** Whether a subscription is one the list's search asks for; a blank field narrows nothing. */
    static boolean matches(Subscription s, Map<String, String> form) {
        String tenant = form.getOrDefault("tenant", "").strip();
        String type = form.getOrDefault("type", "").strip();
        String eventType = form.getOrDefault("eventType", "").strip();
        String text = form.getOrDefault("q", "").strip().toLowerCase(Locale.ROOT);
        String state = form.getOrDefault("state", "").strip();
        return (tenant.isEmpty() || tenant.equals(Objects.toString(s.tenant(), "")))
                && (type.isEmpty() || type.equalsIgnoreCase(s.type()))
                && (eventType.isEmpty() || eventType.equals(s.eventType()) || eventType.equals(s.table())
                || eventType.endsWith("*") && s.eventType() != null
                && s.eventType().startsWith(eventType.substring(0, eventType.length() - 1)))
                && (text.isEmpty() || s.name().toLowerCase(Locale.ROOT).contains(text)
                || s.id().toLowerCase(Locale.ROOT).contains(text))
                && (state.isEmpty() || state.equals("active") == s.active());
    }

    @GetMapping("/console/subscription")
    String detail(@RequestParam(name = "id", required = false) String id,
            HttpSession session, HttpServletResponse response, Model model) {
        page(session, model, "subscriptions");
        Optional<Subscription> found = subscriptions.get(id);
        if (found.isEmpty()) {
            return notFound(id, response, model);
        }
        Object secret = session.getAttribute(NEW_SECRET + found.get().id());
        if (secret != null) {
            session.removeAttribute(NEW_SECRET + found.get().id());
            model.addAttribute("newSecret", secret);
        }
        SubscriptionForm current = SubscriptionForm.of(found.get());
        detailModel(found.get(), model);
        testerModel(model, current.filter(), current.where(), "", "", null, List.of(), events.latest(found.get()));
        return "subscription";
    }

    /** The filter tester on a subscription's page: its filter and where as typed there, not saved. */
    @PostMapping("/console/subscription/test")
    String testOnDetail(@RequestParam(name = "id", required = false) String id,
            @RequestParam(name = "filter", required = false) String filter,
            @RequestParam(name = "where", required = false) String where,
            @RequestParam(name = "event", required = false) String event,
            @RequestParam(name = "eventId", required = false) String eventId,
            HttpSession session, HttpServletResponse response, Model model) {
        page(session, model, "subscriptions");
        Optional<Subscription> found = subscriptions.get(id);
        if (found.isEmpty()) {
            return notFound(id, response, model);
        }
        detailModel(found.get(), model);
        SubscriptionForm typed = new SubscriptionForm("", "", "", "", "", "", "", "", filter, where, "");
        runTester(typed, event, eventId, events.latest(found.get()), model);
        return "subscription";
    }

    private void detailModel(Subscription s, Model model) {
        Instant now = clock.instant();
        model.addAttribute("subscription", s);
        model.addAttribute("selects", selects(s));
        model.addAttribute("endpointHost", endpointHost(s));
        com.fasterxml.jackson.databind.JsonNode shownConfig = s.toRedactedJson().get("config");
        if (shownConfig instanceof com.fasterxml.jackson.databind.node.ObjectNode object && object.path("url")
                .isTextual()) {
            object.put("url", io.tributary.console.subscriptions.SubscriptionForm.maskedUrl(object.get("url")
                    .asText()));
        }
        model.addAttribute("config", pretty(shownConfig));
        model.addAttribute("secrets", Subscriptions.maskedSecrets(s));
        model.addAttribute("lastHour", stats.of(s.id(), now.minus(Duration.ofHours(1)), now));
        model.addAttribute("lastDay", stats.of(s.id(), now.minus(Duration.ofDays(1)), now));
        Map<String, String[]> query = Map.of("subscription", new String[] {s.id()}, "limit", new String[] {"20"});
        model.addAttribute("deliveries", search.deliveries(SearchParameters.read(query,
                SearchParameters.DELIVERIES)).items());
        model.addAttribute("allDeliveries", link("/console/deliveries", Map.of("subscription",
                new String[] {s.id()})));
    }

    @PostMapping({"/console/subscription/pause", "/console/subscription/resume"})
    String setActive(@RequestParam(name = "id", required = false) String id, HttpServletRequest request,
            HttpSession session, HttpServletResponse response, Model model) {
        boolean active = request.getRequestURI().endsWith("/resume");
        Optional<Subscription> changed = subscriptions.setActive(id, active);
        if (changed.isEmpty()) {
            page(session, model, "subscriptions");
            return notFound(id, response, model);
        }
        session.setAttribute(FLASH, new Flash(true, changed.get().name() + (active
                ? " resumed: the router matches new events to it again."
                : " paused: the router matches no new events to it until it is resumed.")));
        return "redirect:" + detailLink(changed.get().id());
    }

    @GetMapping("/console/subscriptions/new")
    String newForm(HttpSession session, Model model) {
        page(session, model, "subscriptions");
        model.addAttribute("form", SubscriptionForm.blank());
        model.addAttribute("errors", Map.of());
        testerModel(model, "", "", "", "", null, List.of(), events.latest(null, null, null));
        return "subscription-form";
    }

    @GetMapping("/console/subscriptions/edit")
    String editForm(@RequestParam(name = "id", required = false) String id,
            HttpSession session, HttpServletResponse response, Model model) {
        page(session, model, "subscriptions");
        Optional<Subscription> found = subscriptions.get(id);
        if (found.isEmpty()) {
            return notFound(id, response, model);
        }
        SubscriptionForm form = SubscriptionForm.of(found.get());
        model.addAttribute("id", found.get().id());
        model.addAttribute("form", form);
        model.addAttribute("errors", Map.of());
        testerModel(model, form.filter(), form.where(), "", "", null, List.of(), events.latest(found.get()));
        return "subscription-form";
    }

    @PostMapping({"/console/subscriptions/new", "/console/subscriptions/edit"})
    String save(@RequestParam(name = "id", required = false) String id,
            @RequestParam(name = "intent", required = false) String intent,
            @RequestParam(name = "event", required = false) String event,
            @RequestParam(name = "eventId", required = false) String eventId, SubscriptionForm form,
            HttpServletRequest request, HttpSession session, HttpServletResponse response, Model model) {
        page(session, model, "subscriptions");
        boolean editing = request.getRequestURI().endsWith("/edit");
        Subscription current = null;
        if (editing) {
            Optional<Subscription> found = subscriptions.get(id);
            if (found.isEmpty()) {
                return notFound(id, response, model);
            }
            current = found.get();
            model.addAttribute("id", current.id());
        }
        model.addAttribute("form", form);
        List<ObjectNode> latest = events.latest(form.tenant(), form.eventType(), form.table());
        if ("test".equals(intent)) {
            model.addAttribute("errors", Map.of());
            runTester(form, event, eventId, latest, model);
            return "subscription-form";
        }
        List<FieldError> problems = new ArrayList<>();
        ObjectNode json = form.toJson(current, problems);
        try {
            if (current == null) {
                Subscriptions.Saved saved = subscriptions.create(json, problems);
                if (saved.newSecret() != null) {
                    session.setAttribute(NEW_SECRET + saved.subscription().id(), saved.newSecret());
                }
                session.setAttribute(FLASH, new Flash(true, "Subscription " + saved.subscription().name()
                        + " created." + (saved.newSecret() == null ? "" : " Its signing secret is shown below this"
                        + " once: copy it now for the receiver to verify the webhook-signature header.")));
                return "redirect:" + detailLink(saved.subscription().id());
            }
            Subscription updated = subscriptions.update(current.id(), json, problems);
            session.setAttribute(FLASH, new Flash(true, "Subscription " + updated.name() + " saved."));
            return "redirect:" + detailLink(updated.id());
        } catch (InvalidInputException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", SubscriptionForm.fieldErrors(e.errors()));
            testerModel(model, form.filter(), form.where(), event, eventId, null, List.of(), latest);
            return "subscription-form";
        } catch (NoSuchElementException e) {
            return notFound(id, response, model);
        }
    }

    /**
     * Runs the tester on the typed filter and where, against the event picked from the ledger or, when none is
     * picked, the pasted one.
     */
    private void runTester(SubscriptionForm typed, String event, String eventId, List<ObjectNode> latest, Model model) {
        List<FieldError> problems = new ArrayList<>();
        JsonNode filter = typed.filterJson(problems);
        JsonNode where = typed.whereJson(problems);
        JsonNode tested = null;
        boolean picked = eventId != null && !eventId.isBlank();
        if (picked) {
            tested = events.event(eventId).orElse(null);
            if (tested == null) {
                problems.add(new FieldError("eventId", "is not an event the ledger holds"));
            }
        } else if (event != null && !event.isBlank()) {
            try {
                tested = Json.parse(event);
            } catch (IllegalArgumentException e) {
                problems.add(new FieldError("event", "is " + e.getMessage()));
            }
        } else {
            problems.add(new FieldError("event", "is required: paste an event, or pick a recent one"));
        }
        FilterTester.Result result = null;
        if (problems.isEmpty()) {
            try {
                result = FilterTester.test(filter, where, tested);
            } catch (InvalidInputException e) {
                problems.addAll(e.errors());
            }
        }
        testerModel(model, typed.filter(), typed.where(), event, picked ? eventId : "", result, problems, latest);
    }

    private static void testerModel(Model model, String filter, String where, String event, String eventId,
            FilterTester.Result result, List<FieldError> problems, List<ObjectNode> latest) {
        model.addAttribute("tester", Map.of("filter", Objects.toString(filter, ""), "where",
                Objects.toString(where, ""), "event", Objects.toString(event, ""), "eventId",
                Objects.toString(eventId, "")));
        model.addAttribute("testResult", result);
        Map<String, String> testErrors = new java.util.LinkedHashMap<>();
        for (FieldError e : problems) {
            String field = e.path().startsWith("filter") ? "filter" : e.path().startsWith("where") ? "where"
                    : e.path().equals("eventId") ? "eventId" : "event";
            testErrors.merge(field, e.path().equals(field) ? e.reason() : e.path() + " " + e.reason(),
                    (a, b) -> a + "; " + b);
        }
        model.addAttribute("testErrors", testErrors);
        model.addAttribute("recentEvents", latest);
    }

    /** What a subscription selects, as the list shows it: its event type, or its table and operations. */
    static String selects(Subscription s) {
        return s.table() == null ? s.eventType() : s.table() + " " + s.operations();
    }

    /** A webhook's endpoint host; {@code null} for other handlers. */
    static String endpointHost(Subscription s) {
        if (!"WEBHOOK".equals(s.type())) {
            return null;
        }
        try {
            return URI.create(s.config().path("url").asText("")).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String detailLink(String id) {
        return link("/console/subscription", Map.of("id", new String[] {id}));
    }

    private static String notFound(String id, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        model.addAttribute("missing", id == null ? "" : id);
        return "subscription-missing";
    }

    private static String pretty(JsonNode json) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
