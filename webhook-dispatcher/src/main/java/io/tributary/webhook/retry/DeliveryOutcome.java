package io.tributary.webhook.retry;

import io.tributary.webhook.http.AttemptResult;

/**
 * What to do after an attempt, as {@link io.tributary.handler.HttpOutcomes} classifies it: 2xx is done; 408, 429, 5xx, timeouts and connection errors are
 * retried; any other 4xx and a target the SSRF guard refused go to the dead-letter topic at once; 410 Gone also
 * pauses the subscription, since the receiver said it is gone for good.
 */
public enum DeliveryOutcome {
    DELIVERED, RETRY, DEAD_LETTER, DEAD_LETTER_AND_PAUSE;

    public static DeliveryOutcome of(AttemptResult result) {
        return switch (result.statusClass()) {
            case SUCCESS -> DELIVERED;
            case RETRYABLE -> RETRY;
            case GONE -> DEAD_LETTER_AND_PAUSE;
            case PERMANENT -> DEAD_LETTER;
        };
    }
}
