package io.tributary.webhook.delivery;

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

        public Retryable(int status, String message) {
            super(status, message, null);
        }
    }

    /** Trying again cannot help: another 4xx, a refused target, a body that cannot be made. */
    public static final class Permanent extends DeliveryFailure {
        private static final long serialVersionUID = 1L;

        public Permanent(int status, String message, Throwable cause) {
            super(status, message, cause);
        }
    }
}
