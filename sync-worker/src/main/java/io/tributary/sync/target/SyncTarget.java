package io.tributary.sync.target;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A system records are synced into. Implementations classify failures: {@code DeliveryFailure.Permanent} when
 * trying again cannot help (the target refused the data), {@code DeliveryFailure.Retryable} otherwise.
 */
public interface SyncTarget {

    /**
     * Creates the record, or updates it when {@code externalId} names it already; returns its external id.
     *
     * @param fields the mapped fields
     */
    String upsert(String externalId, ObjectNode fields);

    /** Deletes the record the external id names; a record that is gone already is no failure. */
    void delete(String externalId);
}
