package io.tributary.console.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Set;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console pages' one gate: every handler of this package (a console page, a form's action, the live tail),
 * but the sign-in and sign-out, runs only for a session signed in with an admin key, and a {@code POST} only with the
 * session's anti-forgery token in its {@code csrf} field; anything else is redirected to the sign-in, which then
 * returns to the page that was asked for. Checked here rather than in each handler, so a page added later is closed
 * until signed in without anyone writing it. Static assets (the style sheet and scripts) are not handlers of this
 * package and stay open, as the sign-in page needs them. {@link ConsoleKeyCheck} has already ended a session whose
 * key was revoked.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSignIn implements WebMvcConfigurer, HandlerInterceptor {

    /** The handlers that run signed out: they sign in and out. */
    private static final Set<String> OPEN = Set.of("/console/login", "/console/logout");

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/console", "/console/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        // An async dispatch continues a request let through at its first dispatch (the live tail's stream when it
        // ends): checking it again would redirect a response already streaming, after a sign-out, and cut it short.
        if (request.getDispatcherType() == DispatcherType.ASYNC || !(handler instanceof HandlerMethod method)
                || !method.getBeanType().getPackageName().equals(ConsoleSignIn.class.getPackageName())
                || OPEN.contains(request.getRequestURI())) {
            return true;
        }
        HttpSession session = request.getSession();
        boolean allowed = ConsoleSession.signedIn(request, session) && (!"POST".equals(request.getMethod())
                || ConsoleSession.validCsrf(session, request.getParameter("csrf")));
        if (!allowed) {
            response.sendRedirect("/console/login");
        }
        return allowed;
    }
}
