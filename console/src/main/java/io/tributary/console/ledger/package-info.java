/**
 * The ledger: the rows read from Tributary's topics ({@code LedgerRows}), written in batches with idempotent
 * inserts ({@code LedgerWriter}) by the {@code tributary-console} consumer group, searched ({@code LedgerSearch})
 * and summed up for the overview ({@code LedgerOverview}).
 */
package io.tributary.console.ledger;
