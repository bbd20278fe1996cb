package io.tributary.console.web;

import io.tributary.console.subscriptions.Subscriptions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * What a console page answers when a part of Tributary it reads or writes cannot be reached (Kafka, for the
 * subscriptions topic): a 503 page in the console's frame that says which part and why, and that nothing was changed,
 * instead of a bare server error.
 */
@ControllerAdvice(basePackageClasses = ConsolePageErrors.class)
class ConsolePageErrors {

    @ExceptionHandler(Subscriptions.Unavailable.class)
    String unavailable(Subscriptions.Unavailable e, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "5");
        ConsoleSession.page(request.getSession(), model, "subscriptions");
        model.addAttribute("reason", e.getMessage());
        return "unavailable";
    }
}
