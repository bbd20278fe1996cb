package io.tributary.console.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceStatusTest {

    /** As the capture-service's /actuator/prometheus writes its gauges (Micrometer's Prometheus registry). */
    static final String SCRAPE = """
            # HELP tributary_capture_running Whether the capture is capturing
            # TYPE tributary_capture_running gauge
            tributary_capture_running{application="capture-service"} 1.0
            # HELP tributary_capture_slot_lag_bytes WAL the replication slot holds back
            # TYPE tributary_capture_slot_lag_bytes gauge
            tributary_capture_slot_lag_bytes{application="capture-service"} 24576.0
            tributary_capture_slot_lag_bytes_total 7.0
            """;

    @Test
    void shouldReadAGaugeOfThePrometheusTextFormat() {
        assertThat(ServiceStatus.gauge(SCRAPE, "tributary_capture_slot_lag_bytes")).isEqualTo(24576.0);
        assertThat(ServiceStatus.gauge(SCRAPE, "tributary_capture_running")).isEqualTo(1.0);
        assertThat(ServiceStatus.gauge("tributary_capture_slot_lag_bytes NaN\n", "tributary_capture_slot_lag_bytes"))
                .isNaN();
    }

    @Test
    void shouldSayAGaugeIsMissingRatherThanReadAnotherOne() {
        assertThat(ServiceStatus.gauge(SCRAPE, "tributary_capture_slot_lag")).isNull();
        assertThat(ServiceStatus.gauge("", "tributary_capture_slot_lag_bytes")).isNull();
    }
}
