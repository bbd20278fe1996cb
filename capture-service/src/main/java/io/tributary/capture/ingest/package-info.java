/**
 * The ingestion API, {@code POST /v1/events}: authentication by API key, validation of each CloudEvent (and of its
 * {@code data} against an optional JSON Schema per type), per-tenant rate limits, the dedupe window of recent ids,
 * and {@code EventWriter}, which answers only after Kafka acknowledged every event on {@code tributary.events}.
 */
package io.tributary.capture.ingest;
