/**
 * How long the console's ledger keeps what: {@link io.tributary.console.retention.LedgerRetention} ages rows and
 * payloads ({@code tributary.console.retention.*}, swept by {@link io.tributary.console.retention.RetentionSweeper})
 * and expunges a tenant or a record on request ({@code POST /v1/ledger/expunge}).
 */
package io.tributary.console.retention;
