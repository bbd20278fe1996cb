package io.tributary.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.handler.RetryProperties;
import io.tributary.handler.RetrySchedule;
import io.tributary.model.config.ConfigurationProblems.InvalidConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookPropertiesTest {

    private static WebhookProperties valid(RetryProperties retry, WebhookProperties.CircuitBreaker breaker) {
        return new WebhookProperties("tributary", "tributary-webhook-dispatcher", 2, Duration.ofSeconds(10), 8, 2000,
                Duration.ofSeconds(5), 500, null, retry, breaker);
    }

    @Test
    void shouldDefaultTheRetryScheduleAndTheCircuitBreaker() {
        WebhookProperties properties = valid(null, null);
        assertThat(properties.retry().schedule()).isEqualTo(RetrySchedule.DEFAULT);
        assertThat(properties.circuitBreaker()).isEqualTo(new WebhookProperties.CircuitBreaker(50, 5, 20,
                Duration.ofSeconds(30)));
        assertThat(properties.allowedCidrs()).isEmpty();
    }

    @Test
    void shouldListEveryInvalidSettingAtOnceWithItsKeyAndValue() {
        assertThatThrownBy(() -> new WebhookProperties("bad prefix", " ", 0, Duration.ZERO, 0, -1,
                Duration.ofSeconds(-1), 0, List.of(), null, null))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                "tributary.webhook.topic-prefix = 'bad prefix': must be 1 to 100 characters of a-z,"
                                        + " A-Z, 0-9, '.', '_' and '-'",
                                "tributary.webhook.group-id = ' ': must not be empty",
                                "tributary.webhook.concurrency = 0: must be at least 1",
                                "tributary.webhook.timeout = PT0S: must be a positive duration",
                                "tributary.webhook.max-connections-per-endpoint = 0: must be at least 1",
                                "tributary.webhook.max-pending-per-endpoint = -1: must be at least 0",
                                "tributary.webhook.max-queue-wait = PT-1S: must be a duration of zero or more",
                                "tributary.webhook.max-in-flight = 0: must be at least 1"))
                .hasMessageStartingWith("invalid webhook dispatcher configuration: tributary.webhook.topic-prefix");
    }

    @Test
    void shouldValidateTheRetrySchedule() {
        assertThatThrownBy(() -> valid(new RetryProperties(0, Duration.ZERO, 0.5, Duration.ofSeconds(-1)),
                null)).isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                "tributary.webhook.retry.max-attempts = 0: must be from 1 to 100",
                                "tributary.webhook.retry.initial-interval = PT0S: must be a positive duration",
                                "tributary.webhook.retry.multiplier = 0.5: must be from 1.0 to 10.0",
                                "tributary.webhook.retry.max-interval = PT-1S: must be at least initial-interval"
                                        + " (PT0S)"));
        assertThatThrownBy(() -> valid(new RetryProperties(101, Duration.ofMinutes(1), 11.0,
                Duration.ofSeconds(10)), null)).isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.problems()).containsExactly(
                                "tributary.webhook.retry.max-attempts = 101: must be from 1 to 100",
                                "tributary.webhook.retry.multiplier = 11.0: must be from 1.0 to 10.0",
                                "tributary.webhook.retry.max-interval = PT10S: must be at least initial-interval"
                                        + " (PT1M)"));
        assertThat(valid(new RetryProperties(3, Duration.ofMillis(200), 2.0, Duration.ofSeconds(1)), null)
                .retry().schedule()).isEqualTo(new RetrySchedule(3, Duration.ofMillis(200), 2, Duration.ofSeconds(1)));
    }

    @Test
    void shouldTakeTheRetrySettingsNotGivenFromTheDefaultSchedule() {
        assertThat(valid(new RetryProperties(4, null, null, Duration.ofSeconds(30)), null).retry().schedule())
                .isEqualTo(new RetrySchedule(4, Duration.ofSeconds(10), 3.0, Duration.ofSeconds(30)));
        assertThatThrownBy(() -> valid(new RetryProperties(null, null, null, Duration.ofSeconds(5)), null))
                .hasMessage("invalid webhook dispatcher configuration: tributary.webhook.retry.max-interval = PT5S:"
                        + " must be at least initial-interval (PT10S)");
    }

    @Test
    void shouldValidateTheCircuitBreaker() {
        assertThatThrownBy(() -> valid(null, new WebhookProperties.CircuitBreaker(0, 0, 0, Duration.ZERO)))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                "tributary.webhook.circuit-breaker.failure-rate-percent = 0: must be from 1 to 100",
                                "tributary.webhook.circuit-breaker.minimum-calls = 0: must be at least 1",
                                "tributary.webhook.circuit-breaker.window = 0: must be at least 1",
                                "tributary.webhook.circuit-breaker.open-duration = PT0S: must be a positive"
                                        + " duration"));
        assertThat(valid(null, new WebhookProperties.CircuitBreaker(100, 1000, 20, Duration.ofSeconds(5)))
                .circuitBreaker().minimumCalls()).as("more than the window: the circuit never opens, as tests want")
                .isEqualTo(1000);
    }
}
