package io.tributary.webhook.http;

import io.tributary.handler.HttpOutcomes;
import java.time.Duration;

/**
 * What one delivery attempt got: the HTTP status (0 when no response came), how long it took, the start of the
 * response body (at most {@value #MAX_EXCERPT_BYTES} bytes, decoded), the error when there was no response, and the
 * {@code Retry-After} the endpoint asked for, if any, and whether the target was refused before anything was sent
 * (the SSRF guard: such an attempt is never retried and says nothing about the endpoint's health).
 */
public record AttemptResult(int status, Duration latency, String responseBody, String error, Duration retryAfter,
        boolean refused) {

    /** The most of a response body that is read: the rest is never read, and its connection is closed. */
    public static final int MAX_EXCERPT_BYTES = 1024;

    /** How the error of an attempt that the dispatcher's own HTTP client could not make starts. */
    public static final String CLIENT_UNAVAILABLE = "HTTP client unavailable: ";

    /** An attempt whose target was not refused. */
    public AttemptResult(int status, Duration latency, String responseBody, String error, Duration retryAfter) {
        this(status, latency, responseBody, error, retryAfter, false);
    }

    /** The attempt's class: its status', or for an attempt without one whether it was refused. */
    public HttpOutcomes.HttpStatusClass statusClass() {
        return HttpOutcomes.ofAttempt(status, refused);
    }

    /** Whether the endpoint took the delivery (2xx). */
    public boolean succeeded() {
        return status >= 200 && status < 300;
    }

    /**
     * Whether the attempt was not made because the dispatcher's HTTP client had failed: nothing is known about the
     * endpoint, so it counts neither for nor against it.
     */
    public boolean clientUnavailable() {
        return status == 0 && error != null && error.startsWith(CLIENT_UNAVAILABLE);
    }
}
