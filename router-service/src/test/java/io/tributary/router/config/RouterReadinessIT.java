package io.tributary.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.Json;
import io.tributary.testkit.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The router-service's probes follow its routing streams on a real broker: ready while they run; when the events
 * topic disappears under them (a fault a new stream thread cannot fix), Kafka Streams stops in ERROR, readiness
 * and liveness say DOWN with the reason, the gauge drops to 0 and one log line says what stopped and why.
 */
@ExtendWith({KafkaExtension.class, OutputCaptureExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Closed after the class, while the test broker runs: closed at the JVM's exit instead, its streams client would
// wait its whole close timeout for a broker that is gone.
@DirtiesContext
class RouterReadinessIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaExtension.cluster().bootstrapServers());
        registry.add("tributary.router.topic-prefix", () -> "ready");
        registry.add("tributary.router.application-id", () -> "ready-router");
        registry.add("tributary.router.partitions", () -> "1");
        registry.add("tributary.router.streams.state.dir", RouterReadinessIT::tempDir);
        registry.add("tributary.router.streams.commit.interval.ms", () -> "100");
        registry.add("tributary.api.key-store", () -> "");
        registry.add("management.endpoint.health.show-details", () -> "always");
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("ready-router").toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Value("${local.server.port}")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldBeNotReadyAndNotLiveOnceTheRoutingStreamsStopInError(CapturedOutput output) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/actuator/health/readiness").statusCode() == 200);
        JsonNode ready = Json.parse(get("/actuator/health/readiness").body());
        assertThat(ready.at("/status").asText()).isEqualTo("UP");
        assertThat(ready.at("/components/routerStreams/details/state").asText()).isIn("RUNNING", "REBALANCING");
        assertThat(ready.at("/components/routerStreams/details/liveStreamThreads").asInt()).isEqualTo(1);
        assertThat(get("/actuator/prometheus").body()).contains("tributary_router_streams_ready{application=\"router-service\"} 1.0");

        try (Admin admin = Admin.create(KafkaExtension.cluster().clientProperties())) {
            admin.deleteTopics(List.of("ready.events")).all().get(30, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> get("/actuator/health/readiness").statusCode() == 503);
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        JsonNode notReady = Json.parse(readiness.body());
        assertThat(notReady.at("/status").asText()).isEqualTo("DOWN");
        await().atMost(Duration.ofSeconds(60)).until(() -> Json.parse(get("/actuator/health/readiness").body())
                .at("/components/routerStreams/details/state").asText().equals("ERROR"));
        JsonNode stopped = Json.parse(get("/actuator/health/readiness").body()).at("/components/routerStreams");
        assertThat(stopped.at("/status").asText()).isEqualTo("DOWN");
        assertThat(stopped.at("/details/reason").asText()).startsWith("Kafka Streams went from ")
                .contains("MissingSourceTopicException");

        HttpResponse<String> liveness = get("/actuator/health/liveness");
        assertThat(liveness.statusCode()).isEqualTo(503);
        assertThat(Json.parse(liveness.body()).at("/components/routerStreamsLiveness/status").asText())
                .isEqualTo("DOWN");
        assertThat(get("/actuator/prometheus").body())
                .contains("tributary_router_streams_ready{application=\"router-service\"} 0.0");
        assertThat(output.getAll()).containsOnlyOnce("Router stopped routing: Kafka Streams went from ");
    }
}
