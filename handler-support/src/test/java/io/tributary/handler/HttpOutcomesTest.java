package io.tributary.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.handler.HttpOutcomes.HttpStatusClass;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpOutcomesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @ParameterizedTest(name = "HTTP {0} is {1}")
    @CsvSource({
        "100, PERMANENT", "101, PERMANENT",
        "200, SUCCESS", "201, SUCCESS", "204, SUCCESS", "299, SUCCESS",
        "301, PERMANENT", "302, PERMANENT", "304, PERMANENT", "308, PERMANENT",
        "400, PERMANENT", "401, PERMANENT", "403, PERMANENT", "404, PERMANENT", "407, PERMANENT",
        "408, RETRYABLE", "409, PERMANENT", "410, GONE", "411, PERMANENT", "413, PERMANENT", "422, PERMANENT",
        "428, PERMANENT", "429, RETRYABLE", "431, PERMANENT", "499, PERMANENT",
        "500, RETRYABLE", "501, RETRYABLE", "502, RETRYABLE", "503, RETRYABLE", "504, RETRYABLE", "599, RETRYABLE", "600, RETRYABLE", "999, RETRYABLE"})
    void shouldClassifyEveryStatusClass(int status, HttpStatusClass expected) {
        assertThat(HttpStatusClass.of(status)).isEqualTo(expected);
        assertThat(HttpOutcomes.ofAttempt(status, false)).isEqualTo(expected);
        assertThat(HttpOutcomes.ofAttempt(status, true)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "HTTP {0} counts against the endpoint: {1}")
    @CsvSource({"200, false", "302, false", "400, false", "404, false", "408, true", "410, false", "429, true",
        "500, true", "503, true"})
    void shouldCountOnlyRetryableAnswersAgainstTheEndpoint(int status, boolean failed) {
        assertThat(HttpStatusClass.of(status).endpointFailed()).isEqualTo(failed);
    }

    @Test
    void shouldRetryAnAttemptWithoutAnswerUnlessTheTargetWasRefused() {
        assertThat(HttpOutcomes.ofAttempt(0, false)).isEqualTo(HttpStatusClass.RETRYABLE);
        assertThat(HttpOutcomes.ofAttempt(0, false).endpointFailed()).isTrue();
        assertThat(HttpOutcomes.ofAttempt(0, true)).isEqualTo(HttpStatusClass.PERMANENT);
        assertThat(HttpOutcomes.ofAttempt(0, true).endpointFailed()).isFalse();
    }

    @ParameterizedTest(name = "status {0} is refused")
    @CsvSource({"-1", "0", "1", "99"})
    void shouldRefuseAStatusOutsideHttp(int status) {
        assertThatThrownBy(() -> HttpStatusClass.of(status)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("status: must be an HTTP status of 100 or more, got " + status);
        if (status != 0) {
            assertThat(HttpOutcomes.ofAttempt(status, false)).as("an attempt answered %d", status)
                    .isEqualTo(HttpStatusClass.PERMANENT);
        }
    }

    @ParameterizedTest(name = "Retry-After \"{0}\" waits {1}")
    @CsvSource(delimiter = '|', nullValues = "absent", value = {
        "0 | PT0S",
        "1 | PT1S",
        "120 | PT2M",
        "' 30 ' | PT30S",
        "007 | PT7S",
        "86400 | PT24H",
        "-1 | PT0S",
        "-3600 | PT0S",
        "Sun, 01 Mar 2026 12:00:30 GMT | PT30S",
        "Sun, 01 Mar 2026 13:00:00 GMT | PT1H",
        "Sun, 01 Mar 2026 12:00:00 GMT | PT0S",
        "Sun, 01 Mar 2026 11:59:59 GMT | PT0S",
        "Thu, 01 Jan 2015 00:00:00 GMT | PT0S",
        "soon | absent",
        "1.5 | absent",
        "12s | absent",
        "+5 | absent",
        "2026-03-01T12:00:30Z | absent",
        "Sunday, 01-Mar-26 12:00:30 GMT | absent",
        "99999999999999999999 | absent",
        "'   ' | absent",
        "'' | absent"})
    void shouldReadEveryRetryAfterForm(String header, String expected) {
        assertThat(HttpOutcomes.retryAfter(header, NOW)).isEqualTo(expected == null ? null : Duration.parse(expected));
    }

    @Test
    void shouldReadAnAbsentRetryAfterAsNoWait() {
        assertThat(HttpOutcomes.retryAfter(null, NOW)).isNull();
    }
}
