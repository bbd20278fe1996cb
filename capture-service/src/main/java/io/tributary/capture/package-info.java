/**
 * The capture-service: the Spring Boot application that turns PostgreSQL row changes and outbox rows into events on
 * {@code tributary.events} and serves the ingestion and tables APIs. The work lives in the packages below it:
 * {@code config} (settings and readiness), {@code engine} (the Debezium engine and what it writes), {@code convert}
 * (change to event), {@code ingest} ({@code POST /v1/events}) and {@code tables} (tables attached at runtime). It
 * depends on {@code model} only, never on another service; see {@code docs/design.md}.
 */
package io.tributary.capture;
