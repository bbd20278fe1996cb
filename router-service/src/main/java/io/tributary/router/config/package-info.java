/**
 * Wiring of the router: the {@code tributary.router} properties, {@code RouterStreams} (the topology run with
 * exactly-once v2, stream threads replaced on failure, metrics), its readiness and liveness indicators, the topics
 * it creates ({@code tributary.subscriptions} among them) and {@code HandlerTopics}, which creates a handler topic
 * before its first delivery.
 */
package io.tributary.router.config;
