package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * What every Tributary service answers once started, even without a broker: liveness UP and Prometheus metrics
 * tagged with its application name. A service's test extends it under {@code @SpringBootTest} with a random port
 * and gives the port and the name.
 */
public abstract class ServiceEndpointsContract {

    /** The port the started service listens on ({@code local.server.port}). */
    protected abstract int port();

    /** The service's {@code spring.application.name}, as its metrics are tagged ({@code router-service}). */
    protected abstract String application();

    @Test
    void shouldExposeLivenessAndPrometheusEndpoints() throws Exception {
        HttpResponse<String> health = get("/actuator/health/liveness");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");

        HttpResponse<String> metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes")
                .contains("application=\"" + application() + "\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
