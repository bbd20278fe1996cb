package io.tributary.router.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The routing streams as a health indicator, in the readiness group ({@code routerStreams}): DOWN unless Kafka
 * Streams is RUNNING or REBALANCING with a live stream thread, with the state, the live threads and the reason.
 * In the liveness group ({@code routerStreamsLiveness}, {@code terminalOnly}) it is DOWN only in ERROR, a state
 * the streams client never leaves, so that the platform restarts the process. UP with {@code enabled: false}
 * where this process does not route. Thread-safe.
 */
final class RouterStreamsHealthIndicator implements HealthIndicator {

    private final ObjectProvider<RouterStreams> router;
    private final boolean terminalOnly;

    RouterStreamsHealthIndicator(ObjectProvider<RouterStreams> router, boolean terminalOnly) {
        this.router = router;
        this.terminalOnly = terminalOnly;
    }

    @Override
    public Health health() {
        RouterStreams streams = router.getIfAvailable();
        if (streams == null) {
            return Health.up().withDetail("enabled", false).build();
        }
        RouterStreams.Health health = streams.health();
        boolean up = terminalOnly ? !health.terminal() : health.ready();
        Health.Builder builder = up ? Health.up() : Health.down();
        builder.withDetail("state", health.state()).withDetail("liveStreamThreads", health.liveThreads());
        if (health.reason() != null) {
            builder.withDetail("reason", health.reason());
        }
        return builder.build();
    }
}
