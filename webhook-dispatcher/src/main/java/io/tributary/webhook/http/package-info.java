/**
 * The HTTP side of an attempt: {@code WebhookClient}, a non-blocking Apache HTTP client whose timeout covers the
 * whole exchange and which reads only the start of a response; {@code HttpClientSupervisor}, which rebuilds it when
 * it fails; {@code SsrfGuard} and {@code GuardedDnsResolver}, which refuse internal addresses on the resolved
 * address; and {@code AttemptResult}, what an attempt got.
 */
package io.tributary.webhook.http;
