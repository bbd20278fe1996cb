/** The live tail of the ledger's events: server-sent events of what the ledger stores, as it stores it. */
package io.tributary.console.tail;
