package io.tributary.dev;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Watches the capture-service's readiness for {@code tributary dev} and prints one line when the capture stops
 * (what stopped and why, from the {@code capture} health component the service shows in detail to the local stack)
 * and one when it captures again. A capture that fails again for the same reason while it is retried is not
 * reported twice. Not thread-safe: one watcher loop calls it.
 */
final class CaptureWatch {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final URI readiness;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String reported;

    CaptureWatch(int port, PrintStream out) {
        this.readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
        this.out = out;
    }

    /** Asks the service once and prints what changed; says nothing while the service does not answer. */
    void check() throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String line = next(response.statusCode(), response.body());
            if (line != null) {
                out.println("[" + LocalTime.now().format(TIME) + "] " + line);
                out.flush();
            }
        } catch (IOException e) {
            // not answering: the process watch reports a service that died
        }
    }

    /** The line to print for a readiness answer, or {@code null} when nothing changed. */
    String next(int status, String body) {
        if (status == 200) {
            if (reported == null) {
                return null;
            }
            reported = null;
            return "capture-service: capturing again";
        }
        JsonNode details;
        try {
            details = Json.parse(body).path("components").path("capture").path("details");
        } catch (IllegalArgumentException e) {
            return null;
        }
        String reason = details.path("reason").asText(null);
        if (reason == null || reason.equals(reported)) {
            return null; // starting, or the same failure retried
        }
        reported = reason;
        String retry = details.path("nextAttempt").asText(null);
        return "capture-service: capture stopped: " + reason + (retry == null ? "" : " (retrying)");
    }
}
