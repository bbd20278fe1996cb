package io.tributary.capture.ingest;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Events per second each tenant may publish through the ingestion API, one Resilience4j rate limiter per tenant
 * (admin keys count against the tenant of each event; events without a tenant share one limiter). A request is
 * admitted whole or not at all. Thread-safe.
 */
public final class TenantRateLimits {

    private static final String NO_TENANT = "\u0000no-tenant";

    private final RateLimiterRegistry registry;
    private final boolean enabled;
    private final Duration period;

    /**
     * @param eventsPerPeriod events each tenant may publish per period; 0 disables the limit
     * @param period          the refresh period of the limit
     */
    public TenantRateLimits(int eventsPerPeriod, Duration period) {
        this.enabled = eventsPerPeriod > 0;
        this.period = period;
        this.registry = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(Math.max(1, eventsPerPeriod))
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    /**
     * Takes the permits of a request's events, counted per tenant; returns how long to wait before retrying when a
     * tenant is over its limit (its permits and those of the tenants checked before it stay taken: a client that
     * bursts pays for it), or empty when admitted.
     */
    public Optional<Duration> admit(Map<String, Integer> eventsByTenant) {
        if (!enabled) {
            return Optional.empty();
        }
        for (Map.Entry<String, Integer> entry : eventsByTenant.entrySet()) {
            RateLimiter limiter = registry.rateLimiter(entry.getKey() == null ? NO_TENANT : entry.getKey());
            if (!limiter.acquirePermission(entry.getValue())) {
                return Optional.of(period);
            }
        }
        return Optional.empty();
    }
}
