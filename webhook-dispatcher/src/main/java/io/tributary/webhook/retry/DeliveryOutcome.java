package io.tributary.webhook.retry;

import io.tributary.webhook.http.AttemptResult;

/**
 * What to do after an attempt, classified once: 2xx is done; 408, 429, 5xx, timeouts and connection errors are
 * retried; any other 4xx and a target the SSRF guard refused go to the dead-letter topic at once; 410 Gone also
 * pauses the subscription, since the receiver said it is gone for good.
 */
public enum DeliveryOutcome {
    DELIVERED, RETRY, DEAD_LETTER, DEAD_LETTER_AND_PAUSE;

    public static DeliveryOutcome of(AttemptResult result) {
        int status = result.status();
        if (status == 0) {
            return result.error() != null && result.error().startsWith("refused: ") ? DEAD_LETTER : RETRY;
        }
        if (status >= 200 && status < 300) {
            return DELIVERED;
        }
        if (status == 410) {
            return DEAD_LETTER_AND_PAUSE;
        }
        if (status == 408 || status == 429 || status >= 500) {
            return RETRY;
        }
        // 1xx and 3xx (redirects are not followed) cannot be delivered by trying again either.
        return DEAD_LETTER;
    }
}
