package io.tributary.console.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.status.ConsumerLag;
import io.tributary.console.status.ServiceStatus;
import io.tributary.model.Json;
import io.tributary.model.auth.ApiKeyStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/status}, for scripts with an admin key: what the overview shows beside the ledger. Each Tributary
 * consumer group's lag ({@code consumerLag}, with {@code unknown} saying why when the broker does not answer), the
 * router's quarantined subscriptions ({@code quarantined}, asked with the caller's own key) and the capture's state
 * and replication slot lag ({@code capture}); a part that cannot be read is {@code "known": false} with the reason.
 */
@RestController
class StatusController {

    private final ApiKeyStore keys;
    private final ConsumerLag lag;
    private final ServiceStatus services;

    StatusController(ApiKeyStore keys, ConsumerLag lag, ServiceStatus services) {
        this.keys = keys;
        this.lag = lag;
        this.services = services;
    }

    @GetMapping(path = "/v1/status", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> status(@RequestHeader(name = "Authorization", required = false) String auth) {
        ConsoleApiErrors.requireAdmin(keys, auth, "the console's API needs an admin key");
        ObjectNode body = Json.mapper().createObjectNode();
        ConsumerLag.Report report = lag.report();
        ObjectNode consumerLag = body.putObject("consumerLag");
        consumerLag.put("known", report.unknown() == null);
        if (report.unknown() != null) {
            consumerLag.put("reason", report.unknown());
        }
        ArrayNode groups = consumerLag.putArray("groups");
        report.groups().forEach(g -> groups.addObject().put("group", g.id()).put("lag", g.lag())
                .put("maxPartitionLag", g.maxPartitionLag()).put("partitions", g.partitions()));
        body.set("quarantined", services.quarantined(auth.substring("Bearer ".length()).trim()));
        body.set("capture", services.capture());
        return ApiKeysController.json(HttpStatus.OK, body);
    }
}
