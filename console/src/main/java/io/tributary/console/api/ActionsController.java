package io.tributary.console.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.actions.ConsoleActions;
import io.tributary.console.actions.RedriveJobs;
import io.tributary.console.ledger.LedgerOverview;
import io.tributary.console.ledger.LedgerSearch;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import io.tributary.model.http.ApiRefusal;
import io.tributary.model.auth.ApiKeyStore;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the console's pages do, as an API a script can call with an admin key:
 * <ul>
 *   <li>{@code GET /v1/attempts}: the attempts search, with the parameters of the deliveries search;</li>
 *   <li>{@code GET /v1/delivery?id=} a delivery in full, {@code POST /v1/delivery/resend?id=} sends it again;</li>
 *   <li>{@code POST /v1/dead-letters/redrive}: the dead letters a search finds (its parameters), or only those of
 *       {@code position} ({@code <topic>/<partition>:<offset>}, repeatable) among them; with {@code dryRun=true}
 *       the exact count only; with {@code async=true} it runs in the background and answers its progress,
 *       which {@code GET /v1/redrives/{id}} follows and {@code POST /v1/redrives/{id}/cancel} stops;</li>
 *   <li>{@code GET /v1/overview}: the last hour's counts and success rate.</li>
 * </ul>
 */
@RestController
class ActionsController {

    private final ApiKeyStore keys;
    private final LedgerSearch search;
    private final LedgerOverview overview;
    private final ConsoleActions actions;
    private final RedriveJobs jobs;
    private final Clock clock;

    ActionsController(ApiKeyStore keys, LedgerSearch search, LedgerOverview overview, ConsoleActions actions,
            RedriveJobs jobs, Clock clock) {
        this.jobs = jobs;
        this.keys = keys;
        this.search = search;
        this.overview = overview;
        this.actions = actions;
        this.clock = clock;
    }

    @GetMapping(path = "/v1/attempts", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> attempts(@RequestHeader(name = "Authorization", required = false) String auth,
            HttpServletRequest request) {
        requireAdmin(auth);
        LedgerSearch.Page page = search.attempts(SearchParameters.read(request.getParameterMap(),
                SearchParameters.ATTEMPTS));
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode items = body.putArray("items");
        page.items().forEach(items::add);
        if (page.next() != null) {
            body.put("next", SearchParameters.cursor(page.next()));
        }
        return json(HttpStatus.OK, body);
    }

    @GetMapping(path = "/v1/delivery", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> delivery(@RequestHeader(name = "Authorization", required = false) String auth,
            @RequestParam(name = "id", required = false) String id) {
        requireAdmin(auth);
        if (id == null || id.isBlank()) {
            throw ApiRefusal.badRequest("invalid request", List.of(new FieldError("id",
                    "is required: the delivery id")));
        }
        return search.delivery(id).map(d -> json(HttpStatus.OK, d))
                .orElseThrow(() -> ApiRefusal.notFound("no delivery " + id + " in the ledger"));
    }

    @PostMapping(path = "/v1/delivery/resend", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> resend(@RequestHeader(name = "Authorization", required = false) String auth,
            @RequestParam(name = "id", required = false) String id) throws Exception {
        requireAdmin(auth);
        if (id == null || id.isBlank()) {
            throw ApiRefusal.badRequest("invalid request", List.of(new FieldError("id",
                    "is required: the delivery id")));
        }
        Optional<LedgerSearch.Position> record = search.delivery(id).map(d -> d.get("record"))
                .filter(r -> r != null && r.isObject()).map(r -> new LedgerSearch.Position(r.get("topic").asText(),
                        r.get("partition").asInt(), r.get("offset").asLong()));
        if (record.isEmpty()) {
            throw ApiRefusal.notFound("no delivery " + id + " with its record in the ledger");
        }
        try {
            return json(HttpStatus.OK, result(actions.resend(record.get())));
        } catch (IllegalStateException e) {
            throw ApiRefusal.conflict(e.getMessage(), List.of());
        }
    }

    @PostMapping(path = "/v1/dead-letters/redrive", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> redrive(@RequestHeader(name = "Authorization", required = false) String auth,
            HttpServletRequest request) throws Exception {
        requireAdmin(auth);
        Redrives.Selection selection = Redrives.select(request.getParameterMap(), search);
        if (selection.dryRun()) {
            ConsoleActions.Plan plan = actions.plan(selection.positions());
            return json(HttpStatus.OK, Json.mapper().createObjectNode().put("matching", plan.matching())
                    .put("redrivenBefore", plan.redrivenBefore()).put("toSend", plan.toSend()));
        }
        if ("true".equals(request.getParameter("async"))) {
            ConsoleActions.Plan plan = actions.plan(selection.positions());
            RedriveJobs.Job job = jobs.start(plan.toSend(), plan.redrivenBefore(),
                    progress -> actions.redrive(selection.positions(), progress));
            return json(HttpStatus.ACCEPTED, job.toJson());
        }
        return json(HttpStatus.OK, result(actions.redrive(selection.positions())));
    }

    @GetMapping(path = "/v1/redrives/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> redriveJob(@RequestHeader(name = "Authorization", required = false) String auth,
            @PathVariable("id") String id) {
        requireAdmin(auth);
        return jobs.get(id).map(job -> json(HttpStatus.OK, job.toJson()))
                .orElseThrow(() -> ApiRefusal.notFound("no redrive " + id + " (a restart forgets them)"));
    }

    @PostMapping(path = "/v1/redrives/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> cancelRedrive(@RequestHeader(name = "Authorization", required = false) String auth,
            @PathVariable("id") String id) {
        requireAdmin(auth);
        Optional<RedriveJobs.Job> job = jobs.get(id);
        if (job.isEmpty()) {
            throw ApiRefusal.notFound("no redrive " + id + " (a restart forgets them)");
        }
        jobs.cancel(id);
        return json(HttpStatus.OK, job.get().toJson());
    }

    @GetMapping(path = "/v1/overview", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> overview(@RequestHeader(name = "Authorization", required = false) String auth) {
        requireAdmin(auth);
        return json(HttpStatus.OK, overview.overview(clock.instant()));
    }

    static ObjectNode result(ConsoleActions.Result result) {
        ObjectNode body = Json.mapper().createObjectNode().put("sent", result.sent()).put("skipped", result.skipped())
                .put("missing", result.missing());
        ArrayNode notes = body.putArray("notes");
        result.notes().forEach(notes::add);
        return body;
    }

    private void requireAdmin(String auth) {
        ConsoleApiErrors.requireAdmin(keys, auth, "the console's API needs an admin key");
    }

    private static ResponseEntity<String> json(HttpStatus status, ObjectNode body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Json.write(body));
    }
}
