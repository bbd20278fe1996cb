package io.tributary.console.portal;

import static io.tributary.console.web.SearchForms.form;
import static io.tributary.console.web.SearchForms.given;
import static io.tributary.console.web.SearchForms.link;
import static io.tributary.console.web.SearchForms.next;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.actions.ConsoleActions;
import io.tributary.console.api.SearchParameters;
import io.tributary.console.ledger.LedgerQuery;
import io.tributary.console.ledger.LedgerSearch;
import io.tributary.console.subscriptions.SubscriptionStats;
import io.tributary.console.subscriptions.Subscriptions;
import io.tributary.model.EventEnvelope;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Subscription;
import io.tributary.model.auth.ApiCaller;
import io.tributary.model.auth.ApiKeyStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The tenant portal's pages. A tenant opens it with its API key (sign-in) or a signed link, and then sees and
 * manages only its own: its webhook endpoints (list, create and edit with each problem on its field, pause,
 * resume, rotate the signing secret, send a test event), its delivery log (the ledger's search, always narrowed to
 * the tenant) with a delivery's attempts and "resend now", and its dead letters with a counted redrive. Anything of
 * another tenant is answered as if it did not exist (404). Every form that changes state carries the session's
 * anti-forgery token (403 without it), and a new secret is shown once, on the page after it is made.
 */
@Controller
class PortalPages {

    static final Set<String> DELIVERY_FIELDS = new LinkedHashSet<>(List.of("subscription", "outcome", "status", "type",
            "eventId", "deliveryId", "from", "to", "filter", "cursor"));
    static final Set<String> DEAD_LETTER_FIELDS = new LinkedHashSet<>(List.of("subscription", "type", "eventId",
            "deliveryId", "reasonCode", "from", "to", "filter", "cursor"));
    private static final Logger LOG = LoggerFactory.getLogger(PortalPages.class);
    private static final Pattern POSITION = Pattern.compile("(.+-dlt)/([0-9]{1,9}):([0-9]{1,19})");

    private final ApiKeyStore keys;
    private final PortalLinks links;
    private final PortalProperties properties;
    private final Subscriptions subscriptions;
    private final PortalTestEvents testEvents;
    private final LedgerSearch search;
    private final ConsoleActions actions;
    private final SubscriptionStats stats;
    private final Clock clock;

    PortalPages(ApiKeyStore keys, PortalLinks links, PortalProperties properties, Subscriptions subscriptions,
            PortalTestEvents testEvents, LedgerSearch search, ConsoleActions actions, SubscriptionStats stats,
            Clock clock) {
        this.keys = keys;
        this.links = links;
        this.properties = properties;
        this.subscriptions = subscriptions;
        this.testEvents = testEvents;
        this.search = search;
        this.actions = actions;
        this.stats = stats;
        this.clock = clock;
    }

    // --- Opening and closing ---------------------------------------------------------------------------------

    @GetMapping("/portal/login")
    String login(HttpSession session, Model model) {
        model.addAttribute("csrf", PortalSession.csrf(session));
        return "portal/login";
    }

    @PostMapping("/portal/login")
    String signIn(@RequestParam(name = "key", required = false) String key,
            @RequestParam(name = "csrf", required = false) String csrf, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        HttpSession session = request.getSession();
        String error = null;
        Optional<ApiCaller> caller = Optional.empty();
        if (!PortalSession.validCsrf(session, csrf)) {
            error = "The form expired; sign in again.";
        } else {
            caller = keys.authenticate(key == null || key.isBlank() ? null : "Bearer " + key.strip());
            if (caller.isEmpty()) {
                error = "This key is not known.";
            } else if (caller.get().admin()) {
                error = "The portal is a tenant's: sign in with a tenant key, or open it with a link"
                        + " (POST /v1/portal-links).";
            }
        }
        if (error != null) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            model.addAttribute("csrf", PortalSession.csrf(session));
            model.addAttribute("error", error);
            return "portal/login";
        }
        open(request, caller.get().tenant(), "key");
        return "redirect:/portal/endpoints";
    }

    /** Opens the portal from a signed link, once; the token leaves the address bar at once (a redirect). */
    @GetMapping("/portal/open")
    String openLink(@RequestParam(name = "token", required = false) String token, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        try {
            PortalLinks.Grant grant = links.open(token, clock.instant());
            open(request, grant.tenant(), "link");
            return "redirect:/portal/endpoints";
        } catch (PortalLinks.Refused refused) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            model.addAttribute("error", refused.getMessage());
            return "portal/link-refused";
        }
    }

    private void open(HttpServletRequest request, String tenant, String with) {
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        session.setAttribute(PortalSession.ATTRIBUTE, new PortalSession(tenant,
                clock.instant().plus(properties.sessionTtl()), with));
        session.setAttribute(PortalSession.CSRF, PortalSession.newToken());
    }

    @PostMapping("/portal/logout")
    String signOut(@RequestParam(name = "csrf", required = false) String csrf, HttpServletRequest request,
            HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (!PortalSession.validCsrf(session, csrf)) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            return "portal/forbidden";
        }
        session.invalidate();
        return "redirect:/portal/login";
    }

    @GetMapping({"/portal", "/portal/"})
    String home() {
        return "redirect:/portal/endpoints";
    }

    // --- Endpoints -------------------------------------------------------------------------------------------

    @GetMapping("/portal/endpoints")
    String endpoints(HttpServletRequest request, Model model) {
        Optional<PortalSession> portal = page(request, model, "endpoints");
        if (portal.isEmpty()) {
            return "redirect:/portal/login";
        }
        List<Subscription> mine = subscriptions.webhooks(portal.get().tenant());
        model.addAttribute("endpoints", mine);
        model.addAttribute("secrets", mine.stream().collect(Collectors.toMap(Subscription::id,
                Subscriptions::maskedSecrets)));
        model.addAttribute("testTypes", mine.stream().filter(s -> PortalTestEvents.type(s) != null)
                .collect(Collectors.toMap(Subscription::id, PortalTestEvents::type)));
        // Each endpoint's last hour, and the endpoints with an attempt that was not delivered in it: the tenant is
        // told of failures where it manages its endpoints, not only when it searches its delivery log.
        Instant now = clock.instant();
        Map<String, SubscriptionStats.Rate> lastHour = new HashMap<>();
        mine.forEach(s -> lastHour.put(s.id(), stats.of(s.id(), now.minus(Duration.ofHours(1)), now)));
        model.addAttribute("lastHour", lastHour);
        model.addAttribute("failing", mine.stream().filter(s -> lastHour.get(s.id()).attempts()
                > lastHour.get(s.id()).delivered()).toList());
        return "portal/endpoints";
    }

    @GetMapping("/portal/endpoints/new")
    String newEndpoint(HttpServletRequest request, Model model) {
        if (page(request, model, "endpoints").isEmpty()) {
            return "redirect:/portal/login";
        }
        model.addAttribute("form", new Subscriptions.WebhookForm("", "https://", "", "", ""));
        model.addAttribute("errors", Map.of());
        return "portal/endpoint-form";
    }

    @PostMapping("/portal/endpoints/new")
    String create(Subscriptions.WebhookForm form, @RequestParam(name = "csrf", required = false) String csrf,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        return save(null, form, csrf, request, response, model);
    }

    @GetMapping("/portal/endpoints/edit")
    String edit(@RequestParam(name = "id", required = false) String id, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Optional<PortalSession> portal = page(request, model, "endpoints");
        if (portal.isEmpty()) {
            return "redirect:/portal/login";
        }
        Optional<Subscription> found = subscriptions.webhook(portal.get().tenant(), id);
        if (found.isEmpty()) {
            return notFound(response, model, "No such endpoint among yours.");
        }
        model.addAttribute("id", id);
        model.addAttribute("form", Subscriptions.WebhookForm.of(found.get()));
        model.addAttribute("errors", Map.of());
        return "portal/endpoint-form";
    }

    @PostMapping("/portal/endpoints/edit")
    String update(@RequestParam(name = "id", required = false) String id, Subscriptions.WebhookForm form,
            @RequestParam(name = "csrf", required = false) String csrf, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        return save(id == null ? "" : id, form, csrf, request, response, model);
    }

    private String save(String id, Subscriptions.WebhookForm form, String csrf, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Optional<PortalSession> portal = action(request, response, csrf);
        if (portal.isEmpty()) {
            return refusal(request, response);
        }
        String tenant = portal.get().tenant();
        if (id != null && subscriptions.webhook(tenant, id).isEmpty()) {
            page(request, model, "endpoints");
            return notFound(response, model, "No such endpoint among yours.");
        }
        try {
            Subscriptions.Saved saved = subscriptions.saveWebhook(tenant, id, form);
            flash(request, new PortalSession.Flash(true, id == null
                    ? "Endpoint " + saved.subscription().name() + " added. Its signing secret is shown below this"
                    + " once: copy it now to verify the webhook-signature header."
                    : "Endpoint " + saved.subscription().name() + " saved.", saved.newSecret()));
            return "redirect:/portal/endpoints";
        } catch (InvalidInputException e) {
            page(request, model, "endpoints");
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("id", id);
            model.addAttribute("form", form);
            model.addAttribute("errors", fieldErrors(e.errors()));
            return "portal/endpoint-form";
        }
    }

    /** Each problem on the form's field it is about; the rest under {@code ""}. */
    static Map<String, String> fieldErrors(List<FieldError> errors) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (FieldError e : errors) {
            String path = e.path();
            String field = path.equals("config.url") || path.startsWith("config.url") ? "url"
                    : path.startsWith("filter") ? "filter"
                    : Set.of("name", "eventType", "table").contains(path) ? path : "";
            String text = field.isEmpty() && !path.isEmpty() ? path + " " + e.reason() : e.reason();
            byField.merge(field, text, (a, b) -> a + "; " + b);
        }
        return byField;
    }

    @PostMapping("/portal/endpoints/pause")
    String pause(@RequestParam(name = "id", required = false) String id,
            @RequestParam(name = "csrf", required = false) String csrf, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        return setActive(id, false, csrf, request, response, model);
    }

    @PostMapping("/portal/endpoints/resume")
    String resume(@RequestParam(name = "id", required = false) String id,
            @RequestParam(name = "csrf", required = false) String csrf, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        return setActive(id, true, csrf, request, response, model);
    }

    private String setActive(String id, boolean active, String csrf, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Optional<PortalSession> portal = action(request, response, csrf);
        if (portal.isEmpty()) {
            return refusal(request, response);
        }
        Optional<Subscription> changed = subscriptions.setActive(portal.get().tenant(), id, active);
        if (changed.isEmpty()) {
            page(request, model, "endpoints");
            return notFound(response, model, "No such endpoint among yours.");
        }
        flash(request, new PortalSession.Flash(true, changed.get().name() + (active
                ? " resumed: new events are delivered to it again."
                : " paused: it receives no new events until it is resumed."), null));
        return "redirect:/portal/endpoints";
    }

    @PostMapping("/portal/endpoints/rotate")
    String rotate(@RequestParam(name = "id", required = false) String id,
            @RequestParam(name = "csrf", required = false) String csrf, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Optional<PortalSession> portal = action(request, response, csrf);
        if (portal.isEmpty()) {
            return refusal(request, response);
        }
        Optional<Subscriptions.Saved> rotated = subscriptions.rotate(portal.get().tenant(), id);
        if (rotated.isEmpty()) {
            page(request, model, "endpoints");
            return notFound(response, model, "No such endpoint among yours.");
        }
        flash(request, new PortalSession.Flash(true, "New signing secret for " + rotated.get().subscription().name()
                + ", shown below this once. Deliveries are signed with it and with the previous one until the"
                + " next rotation, so your receiver can switch without missing one.", rotated.get().newSecret()));
        return "redirect:/portal/endpoints";
    }

    @PostMapping("/portal/endpoints/test")
    String test(@RequestParam(name = "id", required = false) String id,
            @RequestParam(name = "csrf", required = false) String csrf, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Optional<PortalSession> portal = action(request, response, csrf);
        if (portal.isEmpty()) {
            return refusal(request, response);
        }
        Optional<Subscription> found = subscriptions.webhook(portal.get().tenant(), id);
        if (found.isEmpty()) {
            page(request, model, "endpoints");
            return notFound(response, model, "No such endpoint among yours.");
        }
        try {
            EventEnvelope event = testEvents.send(found.get(), clock.instant());
            flash(request, new PortalSession.Flash(true, "Test event " + event.id() + " (" + event.type()
                    + ") sent. Its delivery appears in the delivery log as it is made.", null));
            return "redirect:/portal/deliveries?eventId=" + event.id();
        } catch (Exception e) {
            LOG.warn("Portal: tenant {} could not send a test event for {}", portal.get().tenant(), id, e);
            flash(request, new PortalSession.Flash(false, "No test event sent: " + e.getMessage(), null));
            return "redirect:/portal/endpoints";
        }
    }

    // --- Delivery log ----------------------------------------------------------------------------------------

    @GetMapping("/portal/deliveries")
    String deliveries(HttpServletRequest request, Model model) {
        Optional<PortalSession> portal = page(request, model, "deliveries");
        if (portal.isEmpty()) {
            return "redirect:/portal/login";
        }
        Map<String, String[]> given = given(request, Set.of());
        model.addAttribute("form", form(given, DELIVERY_FIELDS));
        try {
            LedgerSearch.Page page = search.deliveries(scoped(given, DELIVERY_FIELDS, SearchParameters.DELIVERIES,
                    portal.get().tenant()));
            model.addAttribute("items", page.items());
            model.addAttribute("next", next("/portal/deliveries", given, page));
        } catch (InvalidInputException e) {
            model.addAttribute("items", List.of());
            model.addAttribute("errors", e.errors());
        }
        return "portal/deliveries";
    }

    @GetMapping("/portal/delivery")
    String delivery(@RequestParam(name = "id", required = false) String id, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Optional<PortalSession> portal = page(request, model, "deliveries");
        if (portal.isEmpty()) {
            return "redirect:/portal/login";
        }
        Optional<ObjectNode> delivery = own(portal.get(), id);
        if (delivery.isEmpty()) {
            return notFound(response, model, "No such delivery in your log.");
        }
        model.addAttribute("delivery", delivery.get());
        return "portal/delivery";
    }

    @PostMapping("/portal/delivery/resend")
    String resend(@RequestParam(name = "id", required = false) String id,
            @RequestParam(name = "csrf", required = false) String csrf, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Optional<PortalSession> portal = action(request, response, csrf);
        if (portal.isEmpty()) {
            return refusal(request, response);
        }
        Optional<ObjectNode> delivery = own(portal.get(), id);
        if (delivery.isEmpty()) {
            page(request, model, "deliveries");
            return notFound(response, model, "No such delivery in your log.");
        }
        JsonNode record = delivery.get().get("record");
        if (record == null || !record.isObject()) {
            flash(request, new PortalSession.Flash(false, "This delivery cannot be sent again: the log does not"
                    + " know where its record is.", null));
        } else {
            try {
                actions.resend(new LedgerSearch.Position(record.get("topic").asText(), record.get("partition").asInt(),
                        record.get("offset").asLong()));
                flash(request, new PortalSession.Flash(true, "Sent again. Its attempts appear below as they are"
                        + " made.", null));
            } catch (Exception e) {
                flash(request, new PortalSession.Flash(false, "Not sent: " + e.getMessage(), null));
            }
        }
        return "redirect:/portal/delivery?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    /** The delivery if it is the tenant's; another tenant's is as absent as one that does not exist. */
    private Optional<ObjectNode> own(PortalSession portal, String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        return search.delivery(id).filter(d -> portal.tenant().equals(d.path("tenant").asText(null)));
    }

    // --- Dead letters ----------------------------------------------------------------------------------------

    @GetMapping("/portal/dead-letters")
    String deadLetters(HttpServletRequest request, Model model) {
        Optional<PortalSession> portal = page(request, model, "dead-letters");
        if (portal.isEmpty()) {
            return "redirect:/portal/login";
        }
        Map<String, String[]> given = given(request, Set.of());
        model.addAttribute("form", form(given, DEAD_LETTER_FIELDS));
        Map<String, String[]> kept = new LinkedHashMap<>(given);
        kept.keySet().retainAll(DEAD_LETTER_FIELDS);
        kept.remove("cursor");
        model.addAttribute("query", kept);
        try {
            LedgerQuery query = scoped(given, DEAD_LETTER_FIELDS, SearchParameters.DEAD_LETTERS,
                    portal.get().tenant());
            LedgerSearch.Page page = search.deadLetters(query);
            model.addAttribute("items", page.items());
            model.addAttribute("next", next("/portal/dead-letters", given, page));
            model.addAttribute("plan", actions.plan(search.deadLetterPositions(query)));
        } catch (InvalidInputException e) {
            model.addAttribute("items", List.of());
            model.addAttribute("errors", e.errors());
        }
        return "portal/dead-letters";
    }

    /**
     * Redrives the tenant's dead letters that the search finds, or only the {@code position}s selected among them;
     * a position that is not among them (another tenant's) is refused, and nothing is sent.
     */
    @PostMapping("/portal/dead-letters/redrive")
    String redrive(@RequestParam(name = "csrf", required = false) String csrf, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Optional<PortalSession> portal = action(request, response, csrf);
        if (portal.isEmpty()) {
            return refusal(request, response);
        }
        Map<String, String[]> given = given(request, Set.of("csrf", "position"));
        try {
            List<LedgerSearch.Position> positions = search.deadLetterPositions(
                    scoped(given, DEAD_LETTER_FIELDS, SearchParameters.DEAD_LETTERS, portal.get().tenant()));
            String[] selected = request.getParameterValues("position");
            if (selected != null) {
                Set<LedgerSearch.Position> wanted = new HashSet<>();
                for (String text : selected) {
                    Matcher m = POSITION.matcher(text);
                    LedgerSearch.Position p = m.matches() ? new LedgerSearch.Position(m.group(1),
                            Integer.parseInt(m.group(2)), Long.parseLong(m.group(3))) : null;
                    if (p == null || !positions.contains(p)) {
                        page(request, model, "dead-letters");
                        return notFound(response, model, "A selected dead letter is not among yours; nothing was redriven.");
                    }
                    wanted.add(p);
                }
                positions = positions.stream().filter(wanted::contains).toList();
            }
            ConsoleActions.Result result = actions.redrive(positions);
            flash(request, new PortalSession.Flash(result.missing() == 0, result.sent() + " redriven, "
                    + result.skipped() + " redriven before and skipped" + (result.missing() == 0 ? ""
                    : ", " + result.missing() + " no longer kept") + ".", null));
        } catch (InvalidInputException e) {
            flash(request, new PortalSession.Flash(false, "Nothing redriven: " + e.errors().stream()
                    .map(f -> f.path() + " " + f.reason()).collect(Collectors.joining("; ")), null));
        } catch (Exception e) {
            flash(request, new PortalSession.Flash(false, "The redrive stopped: " + e.getMessage()
                    + ". What was sent is recorded; running it again sends only the rest.", null));
        }
        given.keySet().retainAll(DEAD_LETTER_FIELDS);
        given.remove("cursor");
        return "redirect:" + link("/portal/dead-letters", given);
    }

    // --- Shared ----------------------------------------------------------------------------------------------

    /** The search of the given parameters, always of the tenant: a {@code tenant} parameter is refused. */
    static LedgerQuery scoped(Map<String, String[]> given, Set<String> fields, Set<String> search, String tenant) {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> entry : given.entrySet()) {
            if (!fields.contains(entry.getKey())) {
                throw new InvalidInputException("invalid search", new FieldError(entry.getKey(),
                        "is not a field of this search; it takes " + String.join(", ", fields)));
            }
            parameters.put(entry.getKey(), entry.getValue());
        }
        parameters.put("tenant", new String[] {tenant});
        LedgerQuery q = SearchParameters.read(parameters, search);
        if (!tenant.equals(q.tenant())) {
            throw new IllegalStateException("a portal search is always of its tenant");
        }
        return q;
    }

    /** The session's tenant for a page, with what every page shows; empty when none is open. */
    private Optional<PortalSession> page(HttpServletRequest request, Model model, String section) {
        HttpSession session = request.getSession(false);
        Optional<PortalSession> portal = PortalSession.of(session, clock.instant());
        if (portal.isEmpty()) {
            return portal;
        }
        model.addAttribute("csrf", PortalSession.csrf(session));
        model.addAttribute("section", section);
        model.addAttribute("tenant", portal.get().tenant());
        model.addAttribute("sessionEnds", portal.get().expires().toString());
        Object flash = session.getAttribute(PortalSession.FLASH);
        if (flash != null) {
            session.removeAttribute(PortalSession.FLASH);
            model.addAttribute("flash", flash);
        }
        return portal;
    }

    /** The session's tenant for an action: only with an open session and the session's anti-forgery token. */
    private Optional<PortalSession> action(HttpServletRequest request, HttpServletResponse response, String csrf) {
        HttpSession session = request.getSession(false);
        Optional<PortalSession> portal = PortalSession.of(session, clock.instant());
        return portal.isPresent() && PortalSession.validCsrf(session, csrf) ? portal : Optional.empty();
    }

    /** An action without an open session goes to sign-in; one without the session's token is forbidden. */
    private String refusal(HttpServletRequest request, HttpServletResponse response) {
        if (PortalSession.of(request.getSession(false), clock.instant()).isEmpty()) {
            return "redirect:/portal/login";
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        return "portal/forbidden";
    }

    /**
     * A page whose endpoints could not be read or written (Kafka unreachable or too slow): a 503 in the portal's
     * frame that says nothing was changed, without the console's internals.
     */
    @org.springframework.web.bind.annotation.ExceptionHandler(
            io.tributary.console.subscriptions.Subscriptions.Unavailable.class)
    String unavailable(io.tributary.console.subscriptions.Subscriptions.Unavailable e, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        LOG.warn("Portal: a page could not read or write the subscriptions: {}", e.getMessage());
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "5");
        page(request, model, "endpoints");
        model.addAttribute("message", "Your endpoints cannot be read or changed right now, and nothing was changed."
                + " Try again in a moment.");
        return "portal/unavailable";
    }

    private static String notFound(HttpServletResponse response, Model model, String message) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        model.addAttribute("message", message);
        return "portal/not-found";
    }

    private static void flash(HttpServletRequest request, PortalSession.Flash flash) {
        request.getSession().setAttribute(PortalSession.FLASH, flash);
    }
}
