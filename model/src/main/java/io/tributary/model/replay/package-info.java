/**
 * Replaying a range of a topic, the one way {@code tributary replay} and the console's replays screen do it:
 * {@code TopicRange} resolves {@code [from, to)} offsets per partition from offsets or times (the exact count a dry
 * run shows), and {@code TopicReplay} re-publishes exactly that range into a topic, with the original keys, per
 * partition order and a provenance header, reporting its progress and stopping when cancelled.
 */
package io.tributary.model.replay;
