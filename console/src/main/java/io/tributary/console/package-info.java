/**
 * The console service: {@code ledger} keeps every event, delivery, attempt and dead letter of Tributary's topics in
 * PostgreSQL, {@code api} searches it, {@code config} wires both.
 */
package io.tributary.console;
