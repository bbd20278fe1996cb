/**
 * The sync-worker: the Spring Boot application that consumes {@code tributary.handler.sync} (and other bound
 * handler types) and keeps configured targets in step. {@code SyncListener} consumes in order per partition,
 * {@code Syncer} handles one delivery, {@code EventOrder} skips what is not newer, {@code FieldMapping} maps
 * fields, and {@code SyncHealthIndicator} is readiness. It depends on {@code model} and {@code handler-support},
 * never on another service, and never writes {@code tributary.subscriptions}; see {@code docs/design.md}.
 */
package io.tributary.sync;
