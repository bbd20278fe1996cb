/**
 * The infrastructure Tributary runs on locally: PostgreSQL from the local server binaries ({@link
 * io.tributary.localinfra.LocalPostgres}), a KRaft Kafka broker in this JVM ({@link io.tributary.localinfra.LocalKafka})
 * and the database migrations ({@link
 * io.tributary.localinfra.Migrations}). Shared by {@code ./tributary dev}, the test kit and the chaos test; it carries
 * no test library, and depends on no Tributary module (model's tests run on it through the test kit).
 */
package io.tributary.localinfra;
