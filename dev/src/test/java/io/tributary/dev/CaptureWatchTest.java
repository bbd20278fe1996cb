package io.tributary.dev;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaptureWatchTest {

    private static String down(String reason) {
        return "{\"status\":\"DOWN\",\"components\":{\"capture\":{\"status\":\"DOWN\",\"details\":{\"state\":\"STOPPED\","
                + "\"since\":\"2026-01-01T00:00:00Z\",\"reason\":\"" + reason + "\",\"attempt\":1,"
                + "\"nextAttempt\":\"2026-01-01T00:00:01Z\"}},\"readinessState\":{\"status\":\"UP\"}}}";
    }

    @Test
    void shouldPrintOneLineWhenTheCaptureStopsAndOneWhenItCapturesAgain() {
        CaptureWatch watch = new CaptureWatch(1, System.out);
        assertThat(watch.next(200, "{\"status\":\"UP\"}")).isNull();
        assertThat(watch.next(503, down("the connector failed: connection lost")))
                .isEqualTo("capture-service: capture stopped: the connector failed: connection lost (retrying)");
        assertThat(watch.next(503, down("the connector failed: connection lost"))).isNull();
        assertThat(watch.next(503, "{\"status\":\"DOWN\",\"components\":{\"capture\":{\"status\":\"DOWN\","
                + "\"details\":{\"state\":\"STARTING\"}}}}")).isNull();
        assertThat(watch.next(503, down("cannot read database tributary: refused")))
                .isEqualTo("capture-service: capture stopped: cannot read database tributary: refused (retrying)");
        assertThat(watch.next(200, "{\"status\":\"UP\"}")).isEqualTo("capture-service: capturing again");
        assertThat(watch.next(200, "{\"status\":\"UP\"}")).isNull();
    }

    @Test
    void shouldSayNothingOfAStartingCaptureOrAnAnswerThatIsNotJson() {
        CaptureWatch watch = new CaptureWatch(1, System.out);
        assertThat(watch.next(503, "{\"status\":\"DOWN\"}")).isNull();
        assertThat(watch.next(502, "<html>bad gateway</html>")).isNull();
    }
}
