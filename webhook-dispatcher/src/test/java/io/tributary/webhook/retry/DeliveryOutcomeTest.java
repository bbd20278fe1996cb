package io.tributary.webhook.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.webhook.http.AttemptResult;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryOutcomeTest {

    @ParameterizedTest(name = "status {0} ({1}, refused {2}) is {3}")
    @CsvSource(nullValues = "null", textBlock = """
            200, null,                                    false, DELIVERED
            204, null,                                    false, DELIVERED
            408, null,                                    false, RETRY
            429, null,                                    false, RETRY
            500, null,                                    false, RETRY
            503, null,                                    false, RETRY
            0,   timed out after 500 ms,                  false, RETRY
            0,   ConnectException: connection refused,    false, RETRY
            0,   refused: localhost resolves to 127.0.0.1 is an internal address, true, DEAD_LETTER
            0,   refused: an error that only reads like a refusal, false, RETRY
            400, null,                                    false, DEAD_LETTER
            404, null,                                    false, DEAD_LETTER
            302, null,                                    false, DEAD_LETTER
            410, null,                                    false, DEAD_LETTER_AND_PAUSE
            """)
    void shouldClassifyEveryAttemptOnce(int status, String error, boolean refused, DeliveryOutcome expected) {
        assertThat(DeliveryOutcome.of(new AttemptResult(status, Duration.ZERO, "", error, null, refused)))
                .isEqualTo(expected);
    }
}
