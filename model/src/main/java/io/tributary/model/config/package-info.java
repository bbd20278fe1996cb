/**
 * How every service's {@code @ConfigurationProperties} record validates itself: {@code ConfigurationProblems}
 * collects each problem with its full key, value and reason and throws them all at once at start-up.
 */
package io.tributary.model.config;
