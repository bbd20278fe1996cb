/**
 * The webhook-dispatcher: the Spring Boot application that consumes {@code tributary.handler.webhook} and sends
 * each delivery as a signed HTTP request. {@code delivery} holds the listeners and one attempt's course,
 * {@code body} the request's body and headers, {@code http} the non-blocking client and its guards, {@code retry}
 * the outcome of an attempt, {@code config} and {@code health} the wiring and readiness. It depends on
 * {@code model} and {@code handler-support}, never on another service; see {@code docs/design.md}.
 */
package io.tributary.webhook;
