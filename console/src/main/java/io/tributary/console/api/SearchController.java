package io.tributary.console.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.ledger.LedgerQuery;
import io.tributary.console.ledger.LedgerSearch;
import io.tributary.model.Json;
import io.tributary.model.auth.ApiKeyStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ledger's search: {@code GET /v1/events}, {@code /v1/deliveries} and {@code /v1/dead-letters}, for admin keys.
 * Answers {@code {"items": [...], "next": "<cursor>"}}, newest first; {@code next} is absent on the last page. Bodies
 * are written with the model's Jackson 2 mapper, as every Tributary record is.
 */
@RestController
class SearchController {

    private final ApiKeyStore keys;
    private final LedgerSearch search;

    SearchController(ApiKeyStore keys, LedgerSearch search) {
        this.keys = keys;
        this.search = search;
    }

    @GetMapping(path = "/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> events(@RequestHeader(name = "Authorization", required = false) String auth,
            HttpServletRequest request) {
        return answer(auth, request, SearchParameters.EVENTS, search::events);
    }

    @GetMapping(path = "/v1/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> deliveries(@RequestHeader(name = "Authorization", required = false) String auth,
            HttpServletRequest request) {
        return answer(auth, request, SearchParameters.DELIVERIES, search::deliveries);
    }

    @GetMapping(path = "/v1/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> deadLetters(@RequestHeader(name = "Authorization", required = false) String auth,
            HttpServletRequest request) {
        return answer(auth, request, SearchParameters.DEAD_LETTERS, search::deadLetters);
    }

    private ResponseEntity<String> answer(String auth, HttpServletRequest request, Set<String> allowed,
            Function<LedgerQuery, LedgerSearch.Page> run) {
        ConsoleApiErrors.requireAdmin(keys, auth, "the ledger's search needs an admin key");
        LedgerQuery query = SearchParameters.read(request.getParameterMap(), allowed);
        LedgerSearch.Page page = run.apply(query);
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode items = body.putArray("items");
        page.items().forEach(items::add);
        if (page.next() != null) {
            body.put("next", SearchParameters.cursor(page.next()));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Json.write(body));
    }
}
