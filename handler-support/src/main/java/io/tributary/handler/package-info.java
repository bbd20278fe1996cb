/**
 * What the handler services (webhook-dispatcher, sync-worker) share: spring-kafka's non-blocking retries through
 * {@code <topic>-retry-N} topics and {@code <topic>-dlt} as Tributary configures them ({@code RetryTopics},
 * {@code HandlerRetryTopicSupport}, {@code RetrySchedule}), the headers added on the way ({@code RetryHeaders}:
 * {@code tributary-last-status}, {@code Retry-After}), the failure classes a handler throws
 * ({@code DeliveryFailure}), how an HTTP answer is classified and its {@code Retry-After} read
 * ({@code HttpOutcomes}, for every handler that calls HTTP) and the delivery serde. Depends on {@code model} and
 * spring-kafka, never on a service.
 */
package io.tributary.handler;
