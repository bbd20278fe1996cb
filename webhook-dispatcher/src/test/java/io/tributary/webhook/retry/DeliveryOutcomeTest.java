package io.tributary.webhook.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.webhook.http.AttemptResult;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryOutcomeTest {

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
