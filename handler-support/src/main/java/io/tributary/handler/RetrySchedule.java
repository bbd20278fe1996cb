package io.tributary.handler;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the delay before attempt {@code n + 1} is
 * {@code min(initial * multiplier^(n-1), max)}, scaled by a random factor in [0.5, 1.0] so that retries of many
 * deliveries do not arrive together, and never less than a {@code Retry-After} the endpoint asked for.
 * The default (11 attempts, 10 s, x3, at most 6 h) waits 10 s, 30 s, 90 s, 270 s, 810 s, 2,430 s, 7,290 s and then
 * 6 h three times: 75,730 s (21 h) without jitter, 10.5 to 21 hours with it, plus the time the attempts take.
 * Immutable and thread-safe given a thread-safe random.
 *
 * @param maxAttempts attempts in all, the first included
 */
public record RetrySchedule(int maxAttempts, Duration initialInterval, double multiplier, Duration maxInterval) {

    public static final RetrySchedule DEFAULT = new RetrySchedule(11, Duration.ofSeconds(10), 3.0, Duration.ofHours(6));

    public RetrySchedule {
        if (maxAttempts < 1 || initialInterval.isNegative() || multiplier < 1 || maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException("a retry schedule needs at least one attempt, a multiplier of 1 or more"
                    + " and a max interval no shorter than the initial one");
        }
    }

    /** Whether another attempt follows attempt {@code attempt} (1-based). */
    public boolean hasNext(int attempt) {
        return attempt < maxAttempts;
    }

    /** The wait after failed attempt {@code attempt} (1-based), before jitter. */
    public Duration baseDelay(int attempt) {
        double millis = initialInterval.toMillis() * Math.pow(multiplier, attempt - 1);
        return Duration.ofMillis((long) Math.min(millis, maxInterval.toMillis()));
    }

    /** The wait after failed attempt {@code attempt}, with jitter, at least {@code retryAfter} when given. */
    public Duration delay(int attempt, Duration retryAfter, RandomGenerator random) {
        long base = baseDelay(attempt).toMillis();
        long jittered = (long) (base * (0.5 + random.nextDouble() * 0.5));
        long floor = retryAfter == null ? 0 : Math.min(retryAfter.toMillis(), maxInterval.toMillis());
        return Duration.ofMillis(Math.max(jittered, floor));
    }

    /** The sum of the waits without jitter: how long a delivery is retried at most, attempts aside. */
    public Duration span() {
        Duration total = Duration.ZERO;
        for (int attempt = 1; attempt < maxAttempts; attempt++) {
            total = total.plus(baseDelay(attempt));
        }
        return total;
    }
}
