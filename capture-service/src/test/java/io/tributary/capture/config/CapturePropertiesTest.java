package io.tributary.capture.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapturePropertiesTest {

    private static CaptureProperties properties(Map<String, String> debezium, String mode, int maxEventBytes,
            CaptureProperties.Restart restart) {
        return new CaptureProperties(true, null, "tributary", "tributary", List.of(), "tributary",
                "tributary.capture-offsets", Duration.ofSeconds(10), "no_data", "public.tributary_outbox",
                "public.tributary_subscription", "public.tributary_signal", "tributary.capture-tables", debezium, mode,
                maxEventBytes, restart);
    }

    @Test
    void shouldDefaultToDeadLettersEightMebibyteEventsAndABackoffFromOneSecondToOneMinute() {
        CaptureProperties defaults = new CaptureProperties(true, null, "tributary", "tributary", List.of(), "tributary",
                "tributary.capture-offsets", Duration.ofSeconds(10), "no_data", "public.tributary_outbox",
                "public.tributary_subscription", "public.tributary_signal", "tributary.capture-tables", Map.of());
        assertThat(defaults.failureHandling()).isEqualTo(CaptureProperties.FailureHandling.DEAD_LETTER);
        assertThat(defaults.maxEventBytes()).isEqualTo(8_388_608);
        assertThat(defaults.restart()).isEqualTo(new CaptureProperties.Restart(Duration.ofSeconds(1), 2.0,
                Duration.ofMinutes(1)));
    }

    @Test
    void shouldReadEveryFailureHandlingMode() {
        assertThat(properties(Map.of(), "skip", 1024, null).failureHandling())
                .isEqualTo(CaptureProperties.FailureHandling.SKIP);
        assertThat(properties(Map.of(), "fail", 1024, null).failureHandling())
                .isEqualTo(CaptureProperties.FailureHandling.FAIL);
    }

    @Test
    void shouldRefuseAnUnknownModeAnEventLimitOutOfRangeAndABadBackoffAllAtOnceWithTheirKeys() {
        assertThatThrownBy(() -> properties(Map.of(), "warn", 100, new CaptureProperties.Restart(Duration.ZERO, 0.5,
                Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid capture configuration:"
                        + " tributary.capture.failure-handling-mode must be dead-letter, skip or fail, got 'warn';"
                        + " tributary.capture.max-event-bytes must be between 1024 and 67108864, got 100;"
                        + " tributary.capture.restart.initial-interval must be positive;"
                        + " tributary.capture.restart.multiplier must be at least 1, got 0.5");
    }

    @Test
    void shouldRefuseDebeziumSettingsThatWouldDropAChangeOrRetryOutOfSight() {
        assertThatThrownBy(() -> properties(Map.of("event.processing.failure.handling.mode", "warn"), "dead-letter",
                1024, null))
                .hasMessage("invalid capture configuration: tributary.capture.debezium.event.processing.failure."
                        + "handling.mode must be fail (or unset), got 'warn': the capture handles failed changes per"
                        + " tributary.capture.failure-handling-mode and restarts itself per tributary.capture.restart.*");
        assertThat(properties(Map.of("event.converting.failure.handling.mode", "fail", "errors.max.retries", "0"),
                "dead-letter", 1024, null).debezium()).containsEntry("errors.max.retries", "0");
    }
}
