/**
 * The contracts every module shares, written once: the event envelope ({@code EventEnvelope}), the subscription and
 * its validation ({@code Subscription}, {@code SubscriptionValidator}), its config compiled once ({@code WebhookConfig},
 * {@code SyncConfig}), matching
 * ({@code SubscriptionMatcher}), the delivery ({@code Delivery}), topic names and layout ({@code Topics},
 * {@code TopicLayout}), a compacted topic as a store ({@code CompactedTopic}), the settings of every producer that
 * must not lose or double a record ({@code ReliableProducers}), record keys ({@code RecordKeys}), dead-letter headers ({@code DeadLetterHeaders}), the
 * error body and the shared Jackson 2 mapper ({@code Json}). No Spring, and no dependency on any service (a build
 * rule); nothing here writes {@code tributary.subscriptions}. The contracts are described in
 * {@code docs/design.md}.
 */
package io.tributary.model;
