/**
 * Wiring of the dispatcher: the {@code tributary.webhook} properties, the listener containers of the handler topic,
 * its retry topics and the ordered topic, the retry-topic support from {@code handler-support}, the HTTP client and
 * the endpoint guards.
 */
package io.tributary.webhook.config;
