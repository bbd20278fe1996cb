package io.tributary.handler;

import io.tributary.model.DeadLetterHeaders.ReasonCode;

/**
 * A failed attempt, carrying the HTTP status (0 for no response). {@link Retryable} goes to the next retry topic;
 * {@link Permanent} straight to the dead-letter topic.
 */
public abstract sealed class DeliveryFailure extends RuntimeException
        permits DeliveryFailure.Retryable, DeliveryFailure.Permanent {

    private static final long serialVersionUID = 1L;

    private final int status;

    DeliveryFailure(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The endpoint may take it later: 408, 429, 5xx, timeouts, connection errors. */
    public static final class Retryable extends DeliveryFailure {
        private static final long serialVersionUID = 1L;

        private final transient java.time.Duration retryAfter;
        private final transient java.time.Duration delay;

        public Retryable(int status, String message) {
            this(status, message, null);
        }

        /** @param retryAfter the wait the endpoint asked for with {@code Retry-After}, or {@code null} */
        public Retryable(int status, String message, java.time.Duration retryAfter) {
            this(status, message, retryAfter, null);
        }

        /**
         * @param retryAfter the wait the endpoint asked for with {@code Retry-After}, or {@code null}
         * @param delay      the exact wait before the next attempt (a subscription's own schedule), or {@code null}
         *                   for the service's schedule
         */
        public Retryable(int status, String message, java.time.Duration retryAfter, java.time.Duration delay) {
            super(status, message, null);
            this.retryAfter = retryAfter;
            this.delay = delay;
        }

        /** The exact wait before the next attempt, when the handler decided it; {@code null} otherwise. */
        public java.time.Duration delay() {
            return delay;
        }

        /** The wait the endpoint asked for ({@code Retry-After} on a 429 or 503), or {@code null}. */
        public java.time.Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Trying again cannot help: another 4xx, a refused target, a body that cannot be made. */
    public static final class Permanent extends DeliveryFailure {
        private static final long serialVersionUID = 1L;

        private final ReasonCode code;

        /**
         * A permanent failure whose dead letter's reason code follows from the status: an answered status other than
         * 2xx is {@link ReasonCode#PERMANENT_HTTP_STATUS}, anything else {@link ReasonCode#PERMANENT_FAILURE}.
         */
        public Permanent(int status, String message, Throwable cause) {
            this(status, message, cause, status > 0 && (status < 200 || status >= 300)
                    ? ReasonCode.PERMANENT_HTTP_STATUS : ReasonCode.PERMANENT_FAILURE);
        }

        /** A permanent failure with the reason code its dead letter carries (such as {@code UNDECODABLE}). */
        public Permanent(int status, String message, Throwable cause, ReasonCode code) {
            super(status, message, cause);
            this.code = java.util.Objects.requireNonNull(code, "code");
        }

        /** Why its dead letter is one, in {@code tributary-reason-code}. */
        public ReasonCode code() {
            return code;
        }
    }
}
