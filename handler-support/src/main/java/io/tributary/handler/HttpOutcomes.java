package io.tributary.handler;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How a handler reads an HTTP answer, decided in one place for the webhook dispatcher's outcome, its circuit
 * breaker and the sync-worker's HTTP target: the class of a status ({@link HttpStatusClass#of}), of an attempt that
 * got no status ({@link #ofAttempt}), and the wait a {@code Retry-After} header asks for ({@link #retryAfter}).
 * Stateless and thread-safe.
 */
public final class HttpOutcomes {

    private HttpOutcomes() {
    }

    /** What an HTTP status means for a delivery. */
    public enum HttpStatusClass {
        /** 2xx: the endpoint took it. */
        SUCCESS,
        /** 408, 429, 5xx, and an attempt with no answer (timeout, connection error): the endpoint may take it later. */
        RETRYABLE,
        /** 410: the endpoint is gone for good. */
        GONE,
        /**
         * Any other status (1xx, 3xx since redirects are not followed, other 4xx), and a target refused before
         * anything was sent: trying again cannot help.
         */
        PERMANENT;

        /**
         * The class of a status an endpoint answered.
         *
         * A status above 599 (not defined, but sent by some servers) counts as a server error.
         *
         * @throws IllegalArgumentException for a status below 100 (0, no answer: use {@link HttpOutcomes#ofAttempt})
         */
        public static HttpStatusClass of(int status) {
            if (status < 100) {
                throw new IllegalArgumentException("status: must be an HTTP status of 100 or more, got " + status);
            }
            if (status >= 200 && status < 300) {
                return SUCCESS;
            }
            if (status == 410) {
                return GONE;
            }
            if (status == 408 || status == 429 || status >= 500) {
                return RETRYABLE;
            }
            return PERMANENT;
        }

        /**
         * Whether an attempt of this class counts against the endpoint's health (a circuit breaker's failure): only
         * the retryable ones do; an endpoint that answers 4xx is up.
         */
        public boolean endpointFailed() {
            return this == RETRYABLE;
        }
    }

    /**
     * The class of one attempt: its status' class, or for an attempt without a status ({@code 0}) permanent when
     * the target was refused before anything was sent (the SSRF guard) and retryable otherwise (timeout,
     * connection error). A status below 100 that a broken server sent is permanent, as any status that is
     * neither success nor a reason to retry. Never throws.
     */
    public static HttpStatusClass ofAttempt(int status, boolean refused) {
        if (status == 0) {
            return refused ? HttpStatusClass.PERMANENT : HttpStatusClass.RETRYABLE;
        }
        return status < 100 ? HttpStatusClass.PERMANENT : HttpStatusClass.of(status);
    }

    /**
     * The wait a {@code Retry-After} header asks for (RFC 9110 section 10.2.3): delta seconds, or an HTTP date
     * (IMF-fixdate, RFC 1123) measured from {@code now}. A negative number or a date in the past is no wait
     * ({@link Duration#ZERO}); an absent, blank or unreadable value is {@code null}, the endpoint asked for nothing.
     */
    public static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (text.matches("-?[0-9]{1,18}")) {
            long seconds = Long.parseLong(text);
            return seconds <= 0 ? Duration.ZERO : Duration.ofSeconds(seconds);
        }
        try {
            Duration until = Duration.between(now, ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }
}
