/**
 * From a Debezium change record to Tributary's event: {@code ChangeEventConverter} builds the envelope and the
 * row-change {@code data}; {@code PgJsonConverter}, {@code PgValues} and their helpers spell every column value as
 * PostgreSQL's {@code to_jsonb} does ({@code bytea} as base64, {@code money} as a number); {@code OutboxEvents}
 * turns outbox inserts into application events; {@code SubscriptionRows} turns changes of the
 * {@code tributary_subscription} table into records of {@code tributary.subscriptions}, which
 * {@code engine.ChangeBatches} writes. Pure functions of their input, no Kafka.
 */
package io.tributary.capture.convert;
