package io.tributary.console.web;

import io.tributary.console.api.SearchParameters;
import io.tributary.console.ledger.LedgerQuery;
import io.tributary.console.ledger.LedgerSearch;
import io.tributary.model.InvalidInputException;
import io.tributary.model.auth.ApiCaller;
import io.tributary.model.auth.ApiKeyStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The console's pages: sign-in with an admin key (kept in the server-side session only, never in the page), sign-out,
 * and the deliveries search over the same parameters as {@code GET /v1/deliveries}. Every form that changes state
 * carries the session's anti-forgery token, and the session cookie is {@code SameSite=Strict}.
 */
@Controller
class ConsolePages {

    static final String CALLER = "tributary.console.caller";
    static final String CSRF = "tributary.console.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyStore keys;
    private final LedgerSearch search;

    ConsolePages(ApiKeyStore keys, LedgerSearch search) {
        this.keys = keys;
        this.search = search;
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
        session.setAttribute(CSRF, newToken());
        return "redirect:/console/deliveries";
    }

    @PostMapping("/console/logout")
    String signOut(@RequestParam(name = "csrf", required = false) String csrf, HttpSession session) {
        if (validCsrf(session, csrf)) {
            session.invalidate();
        }
        return "redirect:/console/login";
    }

    @GetMapping("/console/deliveries")
    String deliveries(HttpServletRequest request, HttpSession session, Model model) {
        if (!(session.getAttribute(CALLER) instanceof ApiCaller caller) || !caller.admin()) {
            return "redirect:/console/login";
        }
        Map<String, String[]> given = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (values.length != 1 || !values[0].isBlank()) {
                given.put(name, values);
            }
        });
        Map<String, String> form = new LinkedHashMap<>();
        for (String field : List.of("tenant", "subscription", "outcome", "status", "type", "recordId", "eventId",
                "from", "to", "filter")) {
            String[] value = given.get(field);
            form.put(field, value == null ? "" : value[0]);
        }
        model.addAttribute("form", form);
        model.addAttribute("csrf", csrfToken(session));
        try {
            LedgerQuery query = SearchParameters.read(given, SearchParameters.DELIVERIES);
            LedgerSearch.Page page = search.deliveries(query);
            model.addAttribute("items", page.items());
            if (page.next() != null) {
                UriComponentsBuilder next = UriComponentsBuilder.fromPath("/console/deliveries");
                given.forEach((name, values) -> {
                    if (!name.equals("cursor")) {
                        next.queryParam(name, values[0]);
                    }
                });
                model.addAttribute("next", next.queryParam("cursor", SearchParameters.cursor(page.next()))
                        .encode().build().toUriString());
            }
        } catch (InvalidInputException e) {
            model.addAttribute("items", List.of());
            model.addAttribute("errors", e.errors());
        }
        return "deliveries";
    }

    private static String csrfToken(HttpSession session) {
        Object token = session.getAttribute(CSRF);
        if (token instanceof String text) {
            return text;
        }
        String fresh = newToken();
        session.setAttribute(CSRF, fresh);
        return fresh;
    }

    private static boolean validCsrf(HttpSession session, String given) {
        Object expected = session.getAttribute(CSRF);
        return given != null && expected instanceof String text && MessageDigest.isEqual(
                text.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static String newToken() {
        byte[] token = new byte[24];
        RANDOM.nextBytes(token);
        return HexFormat.of().formatHex(token);
    }
}
