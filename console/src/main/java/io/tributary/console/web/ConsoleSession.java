package io.tributary.console.web;

import io.tributary.console.api.SearchParameters;
import io.tributary.console.ledger.LedgerSearch;
import io.tributary.model.auth.ApiCaller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.ui.Model;

/**
 * What every console page shares: the signed-in admin caller kept in the server-side session, the session's
 * anti-forgery token (compared in constant time), the page a sign-in returns to, the one-time message an action
 * leaves for the next page, and building links from a search's parameters. Stateless; the state is the session's.
 */
final class ConsoleSession {

    static final String CALLER = "tributary.console.caller";
    static final String CSRF = "tributary.console.csrf";
    static final String NEXT = "tributary.console.next";
    static final String FLASH = "tributary.console.flash";
    /** The signed-in operator's own key, which the console's calls to the router and the capture carry. */
    static final String KEY = "tributary.console.key";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsoleSession() {
    }

    /** A message shown once on the next page: what an action did. */
    record Flash(boolean ok, String text) implements java.io.Serializable {
    }

    static boolean signedIn(HttpServletRequest request, HttpSession session) {
        if (session.getAttribute(CALLER) instanceof ApiCaller caller && caller.admin()) {
            return true;
        }
        if ("GET".equals(request.getMethod())) {
            String query = request.getQueryString();
            session.setAttribute(NEXT, request.getRequestURI() + (query == null ? "" : "?" + query));
        }
        return false;
    }

    /** The signed-in operator's key, or null (a session from before it was kept). */
    static String key(HttpSession session) {
        return session.getAttribute(KEY) instanceof String key ? key : null;
    }

    static void page(HttpSession session, Model model, String section) {
        model.addAttribute("csrf", csrfToken(session));
        model.addAttribute("section", section);
        Object flash = session.getAttribute(FLASH);
        if (flash != null) {
            session.removeAttribute(FLASH);
            model.addAttribute("flash", flash);
        }
    }

    /** The request's parameters that are given (not blank), without {@code except}. */
    static Map<String, String[]> given(HttpServletRequest request, Set<String> except) {
        Map<String, String[]> given = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!except.contains(name) && (values.length != 1 || !values[0].isBlank())) {
                given.put(name, values);
            }
        });
        return given;
    }

    static Map<String, String> form(Map<String, String[]> given, List<String> fields) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String field : fields) {
            String[] value = given.get(field);
            form.put(field, value == null ? "" : value[0]);
        }
        return form;
    }

    static String next(String path, Map<String, String[]> given, LedgerSearch.Page page) {
        if (page.next() == null) {
            return null;
        }
        Map<String, String[]> next = new LinkedHashMap<>(given);
        next.remove("cursor");
        next.put("cursor", new String[] {SearchParameters.cursor(page.next())});
        return link(path, next);
    }

    static String link(String path, Map<String, String[]> parameters) {
        StringBuilder link = new StringBuilder(path);
        parameters.forEach((name, values) -> {
            for (String value : values) {
                link.append(link.length() == path.length() ? '?' : '&')
                        .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return link.toString();
    }

    static String csrfToken(HttpSession session) {
        Object token = session.getAttribute(CSRF);
        if (token instanceof String text) {
            return text;
        }
        String fresh = newToken();
        session.setAttribute(CSRF, fresh);
        return fresh;
    }

    static boolean validCsrf(HttpSession session, String given) {
        Object expected = session.getAttribute(CSRF);
        return given != null && expected instanceof String text && MessageDigest.isEqual(
                text.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    static String newToken() {
        byte[] token = new byte[24];
        RANDOM.nextBytes(token);
        return HexFormat.of().formatHex(token);
    }
}
