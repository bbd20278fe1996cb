/**
 * The captured tables: {@code CaptureTables} keeps the publication holding exactly the configured and attached
 * tables, keeps attachments on the compacted {@code tributary.capture-tables} topic and sets
 * {@code REPLICA IDENTITY FULL}; {@code TablesController} is the {@code /v1/tables} API; {@code TableCatalog} and
 * {@code TypedName} resolve names typed as in {@code psql}.
 */
package io.tributary.capture.tables;
