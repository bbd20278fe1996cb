/**
 * The router-service: the Spring Boot application that routes every event of {@code tributary.events} to one
 * delivery per matching subscription and serves the subscriptions admin API. {@code topology} is the Kafka Streams
 * topology (a pure function of its config), {@code index} the subscriptions it matches, {@code config} the wiring
 * and health, {@code api} the admin API. It depends on {@code model} only, never on another service; see
 * {@code docs/design.md}.
 */
package io.tributary.router;
