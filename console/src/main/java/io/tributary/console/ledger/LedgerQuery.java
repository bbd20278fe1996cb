package io.tributary.console.ledger;

import java.time.Instant;

/**
 * One search of the ledger: every field that is not {@code null} narrows it, all of them together. Made by the API
 * from validated query parameters; immutable.
 *
 * @param type        an event type, exact, or {@code prefix.*} for every type under the prefix
 * @param status      an exact HTTP status of the last attempt
 * @param statusClass 1 to 5: the last attempt's status is {@code statusClass}xx
 * @param filter      a JSON object the event's filter subject contains ({@code @>}), as a subscription's filter
 * @param where       a subscription's {@code where} (JSON, already checked) the row's event meets
 * @param after       the cursor: only what comes after it, newest first
 */
public record LedgerQuery(String tenant, String subscription, String deliveryId, String eventId, String recordId,
        String table, String type, String endpoint, String handlerType, String outcome, Integer status,
        Integer statusClass, String topic, String reasonCode, Instant from, Instant to, String filter, String where,
        int limit, Cursor after) {

    /** A position in a newest-first listing: a row's time and sequence number. */
    public record Cursor(Instant at, long seq) {
    }

    /** The same search, from another position and with another page size. */
    public LedgerQuery page(Cursor from, int size) {
        return new LedgerQuery(tenant, subscription, deliveryId, eventId, recordId, table, type, endpoint,
                handlerType, outcome, status, statusClass, topic, reasonCode, this.from, to, filter, where, size,
                from);
    }
}
