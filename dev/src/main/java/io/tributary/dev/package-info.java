/**
 * {@code tributary dev}, the local stack: PostgreSQL from the local binaries and an in-JVM KRaft broker (or
 * existing ones), every topic, the services of a {@link io.tributary.dev.StackPlan} as child processes, {@code endpoints.env}, and the demo with its
 * signature-checking receiver. The demo subscription is created through the admin API, so this package never writes
 * {@code tributary.subscriptions} itself.
 */
package io.tributary.dev;
