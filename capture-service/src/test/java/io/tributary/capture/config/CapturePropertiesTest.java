package io.tributary.capture.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.config.ConfigurationProblems;
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
                        + " tributary.capture.failure-handling-mode = 'warn': must be dead-letter, skip or fail;"
                        + " tributary.capture.max-event-bytes = 100: must be from 1024 to 67108864;"
                        + " tributary.capture.restart.initial-interval = PT0S: must be a positive duration;"
                        + " tributary.capture.restart.multiplier = 0.5: must be at least 1");
    }

    @Test
    void shouldRefuseBadNamesTopicsAndTablesAllAtOnceWithTheirKeysAndValues() {
        assertThatThrownBy(() -> new CaptureProperties(true, new CaptureProperties.Database("db", 0, "x", "u", "pw"),
                "Slot", "1pub", List.of(new CaptureProperties.Table("orders", null)), "bad prefix", " ",
                Duration.ZERO, "no_data", "outbox", "", "signal", "", Map.of()))
                .isInstanceOfSatisfying(ConfigurationProblems.InvalidConfigurationException.class, e -> assertThat(
                        e.problems()).containsExactly(
                                "tributary.capture.database.port = 0: must be from 1 to 65535",
                                "tributary.capture.slot-name = 'Slot': must be 1 to 63 of a-z, 0-9 and _",
                                "tributary.capture.publication-name = '1pub': must be a plain identifier",
                                "tributary.capture.tables[0].name = 'orders': must be schema.table",
                                "tributary.capture.topic-prefix = 'bad prefix': must be 1 to 100 characters of a-z,"
                                        + " A-Z, 0-9, '.', '_' and '-'",
                                "tributary.capture.offsets-topic = ' ': must not be empty",
                                "tributary.capture.heartbeat-interval = PT0S: must be a positive duration",
                                "tributary.capture.outbox-table = 'outbox': must be schema.table, or empty for none",
                                "tributary.capture.signal-table = 'signal': must be schema.table",
                                "tributary.capture.tables-topic = '': must not be empty"));
        assertThatThrownBy(() -> properties(Map.of(), "dead-letter", 1024, new CaptureProperties.Restart(
                Duration.ofSeconds(2), 2.0, Duration.ofSeconds(1)))).hasMessage("invalid capture configuration:"
                        + " tributary.capture.restart.max-interval = PT1S: must be at least initial-interval (PT2S)");
    }

    @Test
    void shouldRefuseDebeziumSettingsThatWouldDropAChangeOrRetryOutOfSight() {
        assertThatThrownBy(() -> properties(Map.of("event.processing.failure.handling.mode", "warn"), "dead-letter",
                1024, null))
                .hasMessage("invalid capture configuration: tributary.capture.debezium.event.processing.failure."
                        + "handling.mode = 'warn': must be fail (or unset): the capture handles failed changes per"
                        + " tributary.capture.failure-handling-mode and restarts itself per tributary.capture.restart.*");
        assertThat(properties(Map.of("event.converting.failure.handling.mode", "fail", "errors.max.retries", "0"),
                "dead-letter", 1024, null).debezium()).containsEntry("errors.max.retries", "0");
    }
}
