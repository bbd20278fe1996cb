/**
 * How an attempt's result is classified: {@code DeliveryOutcome} (delivered, retry, dead letter, dead letter and
 * pause the subscription).
 */
package io.tributary.webhook.retry;
