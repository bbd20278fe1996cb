/**
 * The ledger: the rows read from Tributary's topics ({@code LedgerRows}), written in batches with idempotent
 * inserts ({@code LedgerWriter}) by the {@code tributary-console} consumer group, and searched ({@code LedgerSearch}).
 */
package io.tributary.console.ledger;
