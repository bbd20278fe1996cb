/**
 * The subscriptions the router knows, compiled once and indexed by tenant, then by table or exact event type
 * (prefix subscriptions apart), so an event evaluates only its candidates' filters; records that cannot be used are
 * kept as {@code QuarantinedSubscription}s for the admin API. Read by the stream threads, written by the global
 * store's processor.
 */
package io.tributary.router.index;
