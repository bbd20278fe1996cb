package io.tributary.console.web;

import io.tributary.model.auth.ApiCaller;
import io.tributary.model.auth.ApiKeyStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks a signed-in console session's admin key again on every console request: a key revoked in the shared key
 * store (or no longer an admin's) ends the sessions signed in with it at their next request, as it stops working on
 * every service's API, instead of lasting as long as the session. The key is kept in the server-side session only.
 */
@Component
class ConsoleKeyCheck extends OncePerRequestFilter {

    private final ApiKeyStore keys;

    ConsoleKeyCheck(ApiKeyStore keys) {
        this.keys = keys;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/console");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(ConsoleSession.CALLER) != null) {
            String key = ConsoleSession.key(session);
            Optional<ApiCaller> caller = key == null ? Optional.empty() : keys.authenticate("Bearer " + key);
            if (caller.isEmpty() || !caller.get().admin()) {
                session.removeAttribute(ConsoleSession.CALLER);
                session.removeAttribute(ConsoleSession.KEY);
            }
        }
        chain.doFilter(request, response);
    }
}
