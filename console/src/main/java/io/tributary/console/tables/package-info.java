/**
 * The tables screen's calls to the capture-service's tables API ({@code /v1/tables}) through the client module's
 * {@code TablesClient}, the one {@code tributary tables} uses, with the signed-in operator's key.
 */
package io.tributary.console.tables;
