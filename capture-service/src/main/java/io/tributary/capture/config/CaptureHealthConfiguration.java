package io.tributary.capture.config;

import io.tributary.capture.engine.CaptureStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code capture} health indicator, part of readiness ({@code application.yml}): UP while the capture is
 * capturing, DOWN while it starts or is stopped, with what stopped and why, the consecutive failures and when the
 * next attempt is due. UP with state {@code DISABLED} when {@code tributary.capture.enabled=false}, so the
 * readiness group is the same in every configuration.
 */
@Configuration(proxyBeanMethods = false)
class CaptureHealthConfiguration {

    @Bean
    HealthIndicator captureHealthIndicator(ObjectProvider<CaptureStatus> statuses) {
        return () -> {
            CaptureStatus status = statuses.getIfAvailable();
            if (status == null) {
                return Health.up().withDetail("state", "DISABLED").build();
            }
            CaptureStatus.Snapshot now = status.current();
            Health.Builder health = now.state() == CaptureStatus.State.CAPTURING ? Health.up() : Health.down();
            health.withDetail("state", now.state().name()).withDetail("since", now.since().toString());
            if (now.reason() != null) {
                health.withDetail("reason", now.reason());
            }
            if (now.attempt() > 0) {
                health.withDetail("attempt", now.attempt());
            }
            if (now.nextAttempt() != null) {
                health.withDetail("nextAttempt", now.nextAttempt().toString());
            }
            return health.build();
        };
    }
}
