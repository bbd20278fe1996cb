/**
 * The systems records are synced into: {@code SyncTarget} and its {@code jdbc} ({@code JdbcTarget}) and
 * {@code http} ({@code HttpTarget}) providers, each classifying its failures as permanent or retryable.
 */
package io.tributary.sync.target;
