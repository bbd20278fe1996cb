package io.tributary.console.web;

import io.tributary.model.auth.ApiCaller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.ui.Model;

/**
 * What every console page shares: the signed-in admin caller kept in the server-side session, the session's
 * anti-forgery token (compared in constant time), the page a sign-in returns to, and the one-time message an action
 * leaves for the next page. Stateless; the state is the session's.
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
        // The sign-in returns to the page asked for; a stream (the live tail's EventSource) is not a page.
        String accept = request.getHeader("Accept");
        if ("GET".equals(request.getMethod()) && (accept == null || !accept.contains("text/event-stream"))) {
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
