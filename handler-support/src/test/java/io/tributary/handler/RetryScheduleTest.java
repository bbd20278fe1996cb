package io.tributary.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

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
}
