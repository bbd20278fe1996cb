/**
 * The subscriptions admin API ({@code /v1/subscriptions}): the controller, API key authentication, the error body,
 * and {@code SubscriptionPublisher}, which writes created, replaced, paused, resumed and deleted subscriptions to
 * the compacted {@code tributary.subscriptions} topic and waits until the router can match them: the router's only
 * writer of that topic.
 */
package io.tributary.router.api;
