package io.tributary.webhook.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Resolves webhook hosts and keeps only the addresses the {@link SsrfGuard} allows. The client connects to what
 * this returns, so there is no gap between the check and the connection for a DNS answer to change in.
 */
final class GuardedDnsResolver implements DnsResolver {

    private final SsrfGuard guard;

    GuardedDnsResolver(SsrfGuard guard) {
        this.guard = guard;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] all = SystemDefaultDnsResolver.INSTANCE.resolve(host);
        InetAddress[] allowed = Arrays.stream(all).filter(address -> guard.refusal(address) == null)
                .toArray(InetAddress[]::new);
        if (allowed.length == 0) {
            throw new RefusedTargetException("refused: " + host + " resolves to " + guard.refusal(all[0]));
        }
        return allowed;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }

    /** A target the SSRF guard refused: never retried. */
    static final class RefusedTargetException extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        RefusedTargetException(String message) {
            super(message);
        }
    }
}
