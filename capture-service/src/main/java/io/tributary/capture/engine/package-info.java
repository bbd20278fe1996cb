/**
 * The running capture: {@code CaptureEngine} drives Debezium's embedded PostgreSQL connector, keeps its position on
 * {@code tributary.capture-offsets} and restarts it with backoff; {@code ChangeBatches} writes each batch to
 * {@code tributary.events} (and the mirror of the {@code tributary_subscription} table to
 * {@code tributary.subscriptions}: one of the three writers of that topic), committing a position only after Kafka
 * acknowledged the batch, and decides per change what happens to one that cannot be converted or written
 * ({@code CaptureDeadLetter} on {@code tributary.capture-dlt}); {@code CaptureStatus} and {@code SlotLag} report
 * what it is doing.
 */
package io.tributary.capture.engine;
