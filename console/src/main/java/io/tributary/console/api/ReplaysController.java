package io.tributary.console.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.actions.ReplayJobs;
import io.tributary.console.actions.ReplayPlan;
import io.tributary.model.Json;
import io.tributary.model.auth.ApiKeyStore;
import io.tributary.model.http.ApiRefusal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replays of a topic's range into a topic, for scripts with an admin key, as the console's replays screen and
 * {@code tributary replay --into} run them:
 * <ul>
 *   <li>{@code POST /v1/replays?topic=&from=&to=&into=}: with {@code dryRun=true} the exact offsets and records per
 *       partition only; else starts the replay (202) of exactly those offsets; {@code range=<p>:<from>-<to>}
 *       (repeatable) replays the offsets a dry run answered instead of a time range;</li>
 *   <li>{@code GET /v1/replays}: the recent replays, newest first; {@code GET /v1/replays/{id}}: one, with its
 *       progress; {@code POST /v1/replays/{id}/cancel}: stops it before its next batch.</li>
 * </ul>
 */
@RestController
class ReplaysController {

    private final ApiKeyStore keys;
    private final ReplayJobs replays;

    ReplaysController(ApiKeyStore keys, ReplayJobs replays) {
        this.keys = keys;
        this.replays = replays;
    }

    @PostMapping(path = "/v1/replays", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> start(@RequestHeader(name = "Authorization", required = false) String auth,
            HttpServletRequest request) {
        requireAdmin(auth);
        ReplayPlan plan = plan(request);
        if ("true".equals(request.getParameter("dryRun"))) {
            return ApiKeysController.json(HttpStatus.OK, plan.toJson());
        }
        return ApiKeysController.json(HttpStatus.ACCEPTED, replays.start(plan).toJson());
    }

    @GetMapping(path = "/v1/replays", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> recent(@RequestHeader(name = "Authorization", required = false) String auth) {
        requireAdmin(auth);
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode items = body.putArray("items");
        replays.recent().forEach(job -> items.add(job.toJson()));
        return ApiKeysController.json(HttpStatus.OK, body);
    }

    @GetMapping(path = "/v1/replays/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> replay(@RequestHeader(name = "Authorization", required = false) String auth,
            @PathVariable("id") String id) {
        requireAdmin(auth);
        return replays.get(id).map(job -> ApiKeysController.json(HttpStatus.OK, job.toJson()))
                .orElseThrow(() -> ApiRefusal.notFound("no replay " + id + " (a restart forgets them)"));
    }

    @PostMapping(path = "/v1/replays/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> cancel(@RequestHeader(name = "Authorization", required = false) String auth,
            @PathVariable("id") String id) {
        requireAdmin(auth);
        Optional<ReplayJobs.Job> job = replays.get(id);
        if (job.isEmpty()) {
            throw ApiRefusal.notFound("no replay " + id + " (a restart forgets them)");
        }
        replays.cancel(id);
        return ApiKeysController.json(HttpStatus.OK, job.get().toJson());
    }

    private ReplayPlan plan(HttpServletRequest request) {
        try {
            return replays.plan(ReplayPlan.read(request.getParameterMap()));
        } catch (IllegalStateException e) {
            throw ApiRefusal.unavailable(e.getMessage(), e);
        }
    }

    private void requireAdmin(String auth) {
        ConsoleApiErrors.requireAdmin(keys, auth, "replays are started with an admin key");
    }
}
