/**
 * The Java client library, without Spring: {@code EventPublisher} (events on {@code tributary.events} with the
 * record key scheme), {@code OutboxWriter}, typed clients of the ingestion, admin and tables APIs
 * ({@code IngestClient}, {@code SubscriptionsClient}, {@code TablesClient}), and {@code DeliveryListener} with its
 * dedupe stores for consumers of handler topics. {@code SubscriptionsClient} changes
 * {@code tributary.subscriptions} only through the admin API.
 */
package io.tributary.client;
