package io.tributary.router.index;

import java.time.Instant;

/**
 * A subscription record that reached the router but cannot be used, with the reason; listed by the admin API.
 *
 * @param id      the record key
 * @param reason  every problem, with field paths
 * @param preview the start of the record's value
 * @param seenAt  when the router read it
 */
public record QuarantinedSubscription(String id, String reason, String preview, Instant seenAt) {
}
