package io.tributary.console.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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

    /**
     * A capture-service on loopback whose readiness is UP and whose scrape is {@code scrape} with status
     * {@code status}: the slot lag, or why it is unknown.
     */
    @Test
    void shouldSayWhyTheSlotLagIsUnknown() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        AtomicReference<String> scrape = new AtomicReference<>(SCRAPE);
        HttpServer capture = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        capture.createContext("/actuator/health/readiness", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        capture.createContext("/actuator/prometheus", exchange -> {
            // As Spring Boot's endpoint: 406 unless the request accepts the text format.
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            boolean text = accept == null || accept.contains("text/plain") || accept.contains("*/*");
            byte[] body = (text ? scrape.get() : "").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(text ? status.get() : 406, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        capture.start();
        try {
            ServiceStatus services = new ServiceStatus(new ServiceHttp(), "http://127.0.0.1:"
                    + capture.getAddress().getPort(), "http://127.0.0.1:1");
            ObjectNode known = services.capture();
            assertThat(known.get("state").asText()).isEqualTo("CAPTURING");
            assertThat(known.get("slotLagBytes").asLong()).isEqualTo(24576);
            assertThat(known.has("slotLagReason")).isFalse();

            scrape.set("tributary_capture_slot_lag_bytes{application=\"capture-service\"} NaN\n");
            assertThat(services.capture().get("slotLagReason").asText()).isEqualTo("the capture cannot read its"
                    + " replication slot's position from pg_replication_slots (no such slot yet, or the database did"
                    + " not answer)");
            scrape.set("tributary_capture_running 1.0\n");
            assertThat(services.capture().get("slotLagReason").asText()).isEqualTo("the capture-service does not"
                    + " report tributary_capture_slot_lag_bytes");
            status.set(404);
            ObjectNode refused = services.capture();
            assertThat(refused.get("slotLagBytes").isNull()).isTrue();
            assertThat(refused.get("slotLagReason").asText()).isEqualTo("the capture-service's /actuator/prometheus"
                    + " answered 404");
        } finally {
            capture.stop(0);
        }
    }
}
