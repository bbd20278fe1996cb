package io.tributary.webhook.delivery;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.tributary.handler.DeliveryFailure;
import io.tributary.model.Delivery;
import io.tributary.webhook.http.AttemptResult;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one endpoint's trouble from holding up the others, with Resilience4j: per endpoint ({@code scheme://host:port})
 * a bulkhead (at most {@code maxConcurrent} deliveries in flight; more are not waited for) and a circuit breaker
 * (by default, when half of the last 20 attempts failed, at least 5, the endpoint is not called for 30 s); per
 * subscription its
 * {@code config.rateLimit} per second. A refused delivery does not occupy a consumer thread: it fails at once as
 * retryable and goes to the next retry topic, due when the endpoint may take it. Thread-safe.
 */
public final class EndpointGuards {

    /** An admitted delivery: record its result, then release it. */
    public interface Permit extends AutoCloseable {
        void record(AttemptResult result);

        @Override
        void close();
    }

    private final Duration openDuration;
    private final BulkheadRegistry bulkheads;
    private final CircuitBreakerRegistry breakers;
    private final RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();

    public EndpointGuards(int maxConcurrent) {
        this(maxConcurrent, 50, 5, 20, Duration.ofSeconds(30));
    }

    /**
     * @param failureRatePercent the share of failed attempts that opens an endpoint's circuit
     * @param minimumCalls       attempts needed before the share counts
     * @param window             the attempts the share is taken over
     * @param openDuration       how long an open circuit keeps the endpoint from being called
     */
    public EndpointGuards(int maxConcurrent, int failureRatePercent, int minimumCalls, int window,
            Duration openDuration) {
        this.openDuration = openDuration;
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom().maxConcurrentCalls(maxConcurrent)
                .maxWaitDuration(Duration.ZERO).build());
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(window)
                .minimumNumberOfCalls(minimumCalls).failureRateThreshold(failureRatePercent)
                .waitDurationInOpenState(openDuration)
                .permittedNumberOfCallsInHalfOpenState(2).automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
    }

    /** The endpoint a URL delivers to. */
    static String endpoint(URI url) {
        int port = url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return url.getScheme() + "://" + url.getHost() + ":" + port;
    }

    /** The circuit breaker state of an endpoint, for metrics and tests. */
    public CircuitBreaker.State state(URI url) {
        return breakers.circuitBreaker(endpoint(url)).getState();
    }

    /**
     * Admits a delivery, or throws {@link DeliveryFailure.Retryable} with the wait after which to try again.
     *
     * @throws io.tributary.model.InvalidInputException when the subscription's config is not a valid webhook config
     */
    public Permit enter(Delivery delivery, URI url) {
        Double rate = delivery.subscription().webhookConfig().rateLimit();
        if (rate != null) {
            RateLimiter limiter = limiter(delivery.subscription().id(), rate);
            if (!limiter.acquirePermission()) {
                throw new DeliveryFailure.Retryable(0, "rate limit of " + rate + " deliveries per second of"
                        + " subscription " + delivery.subscription().id() + " reached", Duration.ofSeconds(1));
            }
        }
        String endpoint = endpoint(url);
        CircuitBreaker breaker = breakers.circuitBreaker(endpoint);
        if (!breaker.tryAcquirePermission()) {
            throw new DeliveryFailure.Retryable(0, "circuit open for " + endpoint + ": most recent attempts failed",
                    openDuration);
        }
        Bulkhead bulkhead = bulkheads.bulkhead(endpoint);
        if (!bulkhead.tryAcquirePermission()) {
            breaker.releasePermission();
            throw new DeliveryFailure.Retryable(0, endpoint + " has " + bulkhead.getBulkheadConfig()
                    .getMaxConcurrentCalls() + " deliveries in flight already", Duration.ofSeconds(1));
        }
        long started = System.nanoTime();
        return new Permit() {
            private boolean recorded;

            @Override
            public void record(AttemptResult result) {
                if (result.clientUnavailable()) {
                    // Nothing was sent: the dispatcher's own client failed, which says nothing about the endpoint.
                    return;
                }
                recorded = true;
                long nanos = System.nanoTime() - started;
                if (result.statusClass().endpointFailed()) {
                    breaker.onError(nanos, TimeUnit.NANOSECONDS,
                            new IllegalStateException(result.error() != null ? result.error() : "HTTP " + result.status()));
                } else {
                    breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                }
            }

            @Override
            public void close() {
                if (!recorded) {
                    breaker.releasePermission();
                }
                bulkhead.onComplete();
            }
        };
    }

    private RateLimiter limiter(String subscriptionId, double perSecond) {
        String name = subscriptionId + "@" + perSecond;
        // A fractional rate (0.5/s) refills one permit per 1/rate seconds; a whole one refills per second.
        RateLimiterConfig config = perSecond >= 1
                ? RateLimiterConfig.custom().limitForPeriod((int) Math.floor(perSecond))
                        .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build()
                : RateLimiterConfig.custom().limitForPeriod(1)
                        .limitRefreshPeriod(Duration.ofMillis((long) (1000 / perSecond)))
                        .timeoutDuration(Duration.ZERO).build();
        return limiters.rateLimiter(name, config);
    }
}
