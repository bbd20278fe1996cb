/**
 * Wiring of the sync-worker: the {@code tributary.sync} properties (targets, database, retry schedule; credentials
 * live here, never in subscriptions) and the beans built from them.
 */
package io.tributary.sync.config;
