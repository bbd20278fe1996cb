package io.tributary.webhook.http;

import java.time.Duration;

/**
 * What one delivery attempt got: the HTTP status (0 when no response came), how long it took, the start of the
 * response body (at most 1 KiB), the error when there was no response, and the {@code Retry-After} the endpoint
 * asked for, if any.
 */
public record AttemptResult(int status, Duration latency, String responseBody, String error, Duration retryAfter) {

    /** Whether the endpoint took the delivery (2xx). */
    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
