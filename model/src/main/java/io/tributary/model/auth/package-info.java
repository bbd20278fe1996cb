/**
 * API keys, shared by the ingestion, tables and admin APIs: keys are kept only as SHA-256 hashes, from
 * configuration and from the compacted {@code tributary.api-keys} topic ({@code ApiKeyStore} follows it,
 * {@code ApiKeyRegistry} writes it for {@code tributary keys}), and checked as {@code Authorization: Bearer <key>}.
 */
package io.tributary.model.auth;
