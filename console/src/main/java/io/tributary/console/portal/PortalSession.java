package io.tributary.console.portal;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A tenant's portal session: the tenant, until when it lasts whatever its activity, and how it was opened. Kept in
 * the server-side session under its own attribute, apart from the console's operator sign-in, so a portal session
 * never opens the console and the other way round. The session's anti-forgery token is also here.
 */
record PortalSession(String tenant, Instant expires, String openedWith) implements Serializable {

    static final String ATTRIBUTE = "tributary.portal.session";
    static final String CSRF = "tributary.portal.csrf";
    static final String FLASH = "tributary.portal.flash";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The tenant's session in this HTTP session, if one is open and not expired (an expired one is ended). */
    static Optional<PortalSession> of(HttpSession session, Instant now) {
        if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof PortalSession portal)) {
            return Optional.empty();
        }
        if (!portal.lastsAt(now)) {
            session.removeAttribute(ATTRIBUTE);
            return Optional.empty();
        }
        return Optional.of(portal);
    }

    /** Whether the session still lasts at {@code now}. */
    boolean lastsAt(Instant now) {
        return now.isBefore(expires);
    }

    static String csrf(HttpSession session) {
        if (session.getAttribute(CSRF) instanceof String token) {
            return token;
        }
        String fresh = newToken();
        session.setAttribute(CSRF, fresh);
        return fresh;
    }

    static boolean validCsrf(HttpSession session, String given) {
        return given != null && session != null && session.getAttribute(CSRF) instanceof String expected
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    static String newToken() {
        byte[] token = new byte[24];
        RANDOM.nextBytes(token);
        return HexFormat.of().formatHex(token);
    }

    /**
     * What an action did, shown once on the next page; {@code secret}, when set, is a signing secret shown this
     * once and never again.
     */
    record Flash(boolean ok, String text, String secret) implements Serializable {
    }
}
