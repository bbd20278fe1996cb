package io.tributary.model;

/**
 * The Kafka record keys of docs/design.md. Keys keep every change of one record in one partition, and so in order.
 *
 * <ul>
 *   <li>{@code tributary.events}: {@code tenant/source/recordId}, with {@code -} for an event without a tenant,
 *       for example {@code co_123//postgres/shop/public/orders/42}. Services that produce envelopes directly
 *       must use the same scheme.</li>
 *   <li>{@code tributary.handler.<type>}: {@code subscriptionId/eventKey}.</li>
 * </ul>
 */
public final class RecordKeys {

    /** What stands for the tenant of an event that has none. */
    public static final String NO_TENANT = "-";

    private RecordKeys() {
    }

    /** The key of an event on {@code tributary.events}. */
    public static String eventKey(String tenant, String source, String recordId) {
        return (tenant == null ? NO_TENANT : tenant) + "/" + source + "/" + recordId;
    }

    /** The key of a delivery on a handler topic. */
    public static String deliveryKey(String subscriptionId, String eventKey) {
        return subscriptionId + "/" + eventKey;
    }
}
