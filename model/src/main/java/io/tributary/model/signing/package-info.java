/**
 * Standard Webhooks signing: {@code WebhookSigner} (HMAC-SHA256 over {@code id.timestamp.body}, one signature per
 * secret) and {@code WebhookHeaders} (the {@code webhook-id} percent-encoding of a delivery id and the signed
 * header set), used by the dispatcher and by receivers such as the local stack's.
 */
package io.tributary.model.signing;
