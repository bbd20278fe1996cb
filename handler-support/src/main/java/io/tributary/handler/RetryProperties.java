package io.tributary.handler;

import io.tributary.model.config.ConfigurationProblems;
import java.time.Duration;

/**
 * A handler service's retry settings ({@code tributary.webhook.retry.*}, {@code tributary.sync.retry.*}), as bound:
 * a setting not given is {@code null} until {@link #orDefaults} fills it from the service's default schedule, so every
 * service binds and checks its schedule with this one record and differs only in its defaults. Immutable.
 *
 * @param maxAttempts     attempts in all, the first included: 1 to {@value #MAX_ATTEMPTS}
 * @param initialInterval the wait after the first failed attempt: positive
 * @param multiplier      the factor of each further wait: 1 to 10
 * @param maxInterval     the longest wait: no shorter than {@code initialInterval}
 */
public record RetryProperties(Integer maxAttempts, Duration initialInterval, Double multiplier, Duration maxInterval) {

    /** The most attempts a service's schedule may have (each retry has a topic of its own). */
    public static final int MAX_ATTEMPTS = 100;

    /** The settings given, the others from {@code defaults}; all of {@code defaults} when none was given. */
    public static RetryProperties orDefaults(RetryProperties bound, RetrySchedule defaults) {
        RetryProperties given = bound == null ? new RetryProperties(null, null, null, null) : bound;
        return new RetryProperties(
                given.maxAttempts != null ? given.maxAttempts : defaults.maxAttempts(),
                given.initialInterval != null ? given.initialInterval : defaults.initialInterval(),
                given.multiplier != null ? given.multiplier : defaults.multiplier(),
                given.maxInterval != null ? given.maxInterval : defaults.maxInterval());
    }

    /** Checks settings {@link #orDefaults} filled into {@code problems}, under its prefix ({@code <service>.retry}). */
    public void check(ConfigurationProblems problems) {
        problems.range("max-attempts", maxAttempts, 1, MAX_ATTEMPTS);
        problems.positive("initial-interval", initialInterval);
        problems.range("multiplier", multiplier, 1, 10);
        problems.check(maxInterval != null && (initialInterval == null || maxInterval.compareTo(initialInterval) >= 0),
                "max-interval", maxInterval, "must be at least initial-interval (" + initialInterval + ")");
    }

    /** The schedule of settings {@link #orDefaults} filled and {@link #check} accepted. */
    public RetrySchedule schedule() {
        return new RetrySchedule(maxAttempts, initialInterval, multiplier, maxInterval);
    }
}
