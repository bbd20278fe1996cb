/**
 * What a webhook request carries: {@code WebhookBodies} renders the body by {@code config.format} ({@code default},
 * {@code cloudevents}, {@code template}) as UTF-8 JSON, and {@code WebhookRequest} adds the configured headers and
 * the Standard Webhooks headers signed over exactly those bytes. Pure and thread-safe.
 */
package io.tributary.webhook.body;
