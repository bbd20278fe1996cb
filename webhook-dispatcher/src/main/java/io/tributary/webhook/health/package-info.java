/**
 * Readiness of the dispatcher: the {@code webhookClient} and {@code webhookListeners} health indicators, DOWN while
 * the HTTP client is being rebuilt or a listener consumer is not running, with their gauges.
 */
package io.tributary.webhook.health;
