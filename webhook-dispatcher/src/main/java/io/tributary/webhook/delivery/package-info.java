/**
 * The course of a delivery: {@code WebhookListener} and {@code OrderedWebhookListener} consume the handler, retry
 * and ordered topics, {@code InFlightWindow} decides which offsets may be committed, {@code WebhookDeliverer} makes
 * one attempt, {@code EndpointGuards} keeps one endpoint's trouble from holding up others, {@code AttemptLog}
 * records every attempt on {@code tributary.deliveries}, and {@code SubscriptionPauser} writes a subscription back
 * to {@code tributary.subscriptions} with {@code active: false} after a 410 Gone: the dispatcher's only writer of
 * that topic.
 */
package io.tributary.webhook.delivery;
