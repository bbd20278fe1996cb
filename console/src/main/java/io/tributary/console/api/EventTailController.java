package io.tributary.console.api;

import io.tributary.console.ledger.LedgerQuery;
import io.tributary.console.tail.EventTails;
import io.tributary.model.auth.ApiKeyStore;
import io.tributary.model.http.ApiRefusal;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /v1/events/tail}, for admin keys: a server-sent-events stream ({@code text/event-stream}) of the
 * events the ledger stores from now on that match the search's parameters (those of {@code GET /v1/events} without
 * {@code limit} and {@code cursor}); each {@code data:} line is one item of {@code GET /v1/events}. See
 * {@link EventTails} for its bounds.
 */
@RestController
class EventTailController {

    private final ApiKeyStore keys;
    private final EventTails tails;

    EventTailController(ApiKeyStore keys, EventTails tails) {
        this.keys = keys;
        this.tails = tails;
    }

    @GetMapping("/v1/events/tail")
    SseEmitter tail(@RequestHeader(name = "Authorization", required = false) String auth,
            HttpServletRequest request) {
        ConsoleApiErrors.requireAdmin(keys, auth, "the ledger's live tail needs an admin key");
        LedgerQuery query = SearchParameters.read(request.getParameterMap(), SearchParameters.TAIL);
        try {
            return tails.open(query, null);
        } catch (EventTails.TooManyTails e) {
            throw ApiRefusal.tooManyRequests(e.getMessage(), java.time.Duration.ofSeconds(30));
        }
    }
}
