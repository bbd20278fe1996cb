package io.tributary.capture.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.Json;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The ingestion API while Kafka does not answer (a bootstrap address nothing listens on): every request that would
 * write is refused with 503, {@code Retry-After} and the error body of docs/design.md, like every other refusal of the
 * service; Spring MVC's own refusals use the same body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestKafkaOutageIT {

    static final String KEY = "acme-outage-key-0123";
    static final String NO_BROKER = "127.0.0.1:" + closedPort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> NO_BROKER);
        registry.add("tributary.capture.enabled", () -> "false");
        registry.add("tributary.api.keys[0].key", () -> KEY);
        registry.add("tributary.api.keys[0].tenant", () -> "acme");
    }

    /** The service's writer, waiting 1 s for the broker rather than 10, so that the test is quick. */
    @TestConfiguration
    static class QuickWriter {
        @Bean(destroyMethod = "close")
        @Primary
        EventWriter quickEventWriter() {
            return new EventWriter(NO_BROKER, "tributary", Duration.ofSeconds(2), Duration.ofSeconds(1));
        }
    }

    @Value("${local.server.port}")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldAnswer503WithTheErrorBodyWhenKafkaDoesNotAcknowledge() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/v1/events"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"specversion\":\"1.0\",\"id\":\"inv-1\","
                        + "\"source\":\"/services/billing\",\"type\":\"invoice.created\",\"data\":{}}"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        JsonNode body = Json.parse(response.body());
        assertThat(body.get("error").asText())
                .startsWith("Kafka did not acknowledge the events (TimeoutException: ")
                .endsWith("); nothing of this request was accepted: send it again");
        assertThat(body.get("details").size()).isZero();
    }

    @Test
    void shouldAnswerSpringsOwnRefusalsWithTheSameBody() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/v1/events")).GET()
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        JsonNode body = Json.parse(response.body());
        assertThat(body.get("error").asText()).isEqualTo("Method 'GET' is not supported.");
        assertThat(body.get("details").size()).isZero();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
