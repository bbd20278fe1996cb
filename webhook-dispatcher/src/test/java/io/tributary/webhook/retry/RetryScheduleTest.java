package io.tributary.webhook.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.webhook.http.AttemptResult;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryScheduleTest {

    @Test
    void shouldSpanAboutADayByDefault() {
        RetrySchedule schedule = RetrySchedule.DEFAULT;
        assertThat(schedule.baseDelay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(schedule.baseDelay(2)).isEqualTo(Duration.ofSeconds(30));
        assertThat(schedule.baseDelay(8)).isEqualTo(Duration.ofHours(6));
        assertThat(schedule.span()).isEqualTo(Duration.ofSeconds(75_730));
        assertThat(schedule.hasNext(10)).isTrue();
        assertThat(schedule.hasNext(11)).isFalse();
    }

    @Test
    void shouldJitterBetweenHalfAndAllOfTheDelayAndHonourRetryAfter() {
        RetrySchedule schedule = new RetrySchedule(5, Duration.ofSeconds(1), 2, Duration.ofSeconds(60));
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            Duration delay = schedule.delay(3, null, random);
            assertThat(delay).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
        }
        assertThat(schedule.delay(1, Duration.ofSeconds(30), random)).isEqualTo(Duration.ofSeconds(30));
        assertThat(schedule.delay(1, Duration.ofHours(2), random)).as("capped by the max interval")
                .isEqualTo(Duration.ofSeconds(60));
    }

    @ParameterizedTest(name = "status {0} ({1}) is {2}")
    @CsvSource(nullValues = "null", textBlock = """
            200, null,                                    DELIVERED
            204, null,                                    DELIVERED
            408, null,                                    RETRY
            429, null,                                    RETRY
            500, null,                                    RETRY
            503, null,                                    RETRY
            0,   timed out after 500 ms,                  RETRY
            0,   ConnectException: connection refused,    RETRY
            0,   refused: localhost resolves to 127.0.0.1 is an internal address, DEAD_LETTER
            400, null,                                    DEAD_LETTER
            404, null,                                    DEAD_LETTER
            302, null,                                    DEAD_LETTER
            410, null,                                    DEAD_LETTER_AND_PAUSE
            """)
    void shouldClassifyEveryAttemptOnce(int status, String error, DeliveryOutcome expected) {
        assertThat(DeliveryOutcome.of(new AttemptResult(status, Duration.ZERO, "", error, null))).isEqualTo(expected);
    }
}
