package io.tributary.console.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;

/**
 * What the router and the capture say about themselves, for the overview: the router's quarantined subscriptions
 * ({@code GET /v1/subscriptions/quarantined}, with the operator's key), and the capture's state (its readiness,
 * {@code GET /actuator/health/readiness}, in detail where the capture shows details) and its replication slot's
 * lag (the {@code tributary_capture_slot_lag_bytes} gauge of {@code GET /actuator/prometheus}). Whatever cannot be
 * read is {@code "known": false} with the reason. Thread-safe.
 */
public final class ServiceStatus {

    /** The capture-service's gauge of the WAL its replication slot holds back, in Prometheus' text format. */
    static final String SLOT_LAG = "tributary_capture_slot_lag_bytes";

    private final ServiceHttp http;
    private final String captureBase;
    private final String routerBase;

    public ServiceStatus(ServiceHttp http, String captureBase, String routerBase) {
        this.http = http;
        this.captureBase = captureBase;
        this.routerBase = routerBase;
    }

    /** {@code {"known": true, "items": [{id, reason, preview, seenAt}]}}, or known false with the reason. */
    public ObjectNode quarantined(String key) {
        ObjectNode answer = Json.mapper().createObjectNode();
        try {
            ServiceHttp.Answer got = http.send("the router", ServiceHttp.request("GET",
                    routerBase + "/v1/subscriptions/quarantined", key, null));
            if (got.status() != 200) {
                return answer.put("known", false).put("reason", "the router answered " + got.status() + ": "
                        + message(got.body()));
            }
            answer.put("known", true).set("items", Json.parse(got.body()).path("items"));
            return answer;
        } catch (ServiceHttp.Unreachable e) {
            return answer.put("known", false).put("reason", e.getMessage());
        } catch (IllegalArgumentException e) {
            return answer.put("known", false).put("reason", "the router's answer is not JSON");
        }
    }

    /**
     * {@code {"known": true, "ready": bool, "state": "CAPTURING", "reason": ..., "slotLagBytes": n}} ({@code state}
     * and {@code reason} where the capture shows its health's details, {@code slotLagBytes} null when the capture
     * cannot read it, with {@code slotLagReason} saying why), or known false with the reason.
     */
    public ObjectNode capture() {
        ObjectNode answer = Json.mapper().createObjectNode();
        try {
            ServiceHttp.Answer health = http.send("the capture-service", ServiceHttp.request("GET",
                    captureBase + "/actuator/health/readiness", null, null));
            JsonNode body = Json.parse(health.body());
            String status = body.path("status").asText("UNKNOWN");
            answer.put("known", true).put("ready", "UP".equals(status));
            JsonNode details = body.path("components").path("capture").path("details");
            answer.put("state", details.path("state").asText("UP".equals(status) ? "CAPTURING" : "NOT READY"));
            if (details.hasNonNull("reason")) {
                answer.put("reason", details.path("reason").asText());
            }
            ServiceHttp.Answer metrics = http.send("the capture-service",
                    ServiceHttp.scrape(captureBase + "/actuator/prometheus"));
            Double lag = metrics.status() == 200 ? gauge(metrics.body(), SLOT_LAG) : null;
            if (lag == null || lag.isNaN()) {
                answer.putNull("slotLagBytes");
                answer.put("slotLagReason", metrics.status() != 200
                        ? "the capture-service's /actuator/prometheus answered " + metrics.status()
                        : lag == null ? "the capture-service does not report " + SLOT_LAG
                        : "the capture cannot read its replication slot's position from pg_replication_slots (no"
                                + " such slot yet, or the database did not answer)");
            } else {
                answer.put("slotLagBytes", lag.longValue());
            }
            return answer;
        } catch (ServiceHttp.Unreachable e) {
            return answer.put("known", false).put("reason", e.getMessage());
        } catch (IllegalArgumentException e) {
            return answer.put("known", false).put("reason", "the capture-service's health is not JSON");
        }
    }

    /** The first sample of a gauge in Prometheus' text format, or null when it is not there. */
    static Double gauge(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                String value = line.substring(line.lastIndexOf(' ') + 1).trim();
                try {
                    return Double.valueOf(value);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String message(String body) {
        try {
            return Json.parse(body).path("error").asText(body);
        } catch (IllegalArgumentException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}
