package io.tributary.capture.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The ingestion API on a real broker: what it accepts reaches tributary.events; what it refuses writes nothing. */
@ExtendWith(KafkaExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestApiIT {

    static final String ACME = "acme-ingest-key-0123";
    static final String ADMIN = "admin-ingest-key-0123";
    static final String BURST = "burst-ingest-key-0123";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaExtension.cluster().bootstrapServers());
        registry.add("tributary.capture.enabled", () -> "false");
        registry.add("tributary.ingest.topic-prefix", () -> "ingest");
        registry.add("tributary.ingest.max-body-bytes", () -> "4096");
        registry.add("tributary.api.keys[0].key", () -> ACME);
        registry.add("tributary.api.keys[0].tenant", () -> "acme");
        registry.add("tributary.api.keys[1].key", () -> ADMIN);
        registry.add("tributary.api.keys[1].admin", () -> "true");
        registry.add("tributary.api.keys[2].key", () -> BURST);
        registry.add("tributary.api.keys[2].tenant", () -> "burst");
        registry.add("tributary.ingest.rate-limit", () -> "10");
        registry.add("tributary.ingest.schemas[invoice.paid]", () -> "classpath:schemas/invoice-paid.json");
    }

    @Value("${local.server.port}")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    record Reply(int status, JsonNode body, String retryAfter) {
    }

    private Reply post(String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), Json.parse(response.body()),
                response.headers().firstValue("Retry-After").orElse(null));
    }

    private static String event(String id) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/services/billing\","
                + "\"type\":\"invoice.created\",\"data\":{\"total\":12.50}}";
    }

    @Test
    void shouldAcceptOnlyWhatKafkaAcknowledgedAndRefuseEverythingElseWithTheReason(KafkaCluster kafka)
            throws Exception {
        kafka.createTopics(1, "ingest.events");
        Reply one = post(ACME, event("inv-1"));
        assertThat(one.status()).isEqualTo(202);
        assertThat(one.body().get("accepted").asInt()).isEqualTo(1);
        Reply batch = post(ACME, "[" + event("inv-2") + "," + event("inv-3") + "]");
        assertThat(batch.status()).isEqualTo(202);
        assertThat(Json.write(batch.body().get("ids"))).isEqualTo("[\"inv-2\",\"inv-3\"]");

        Reply malformed = post(ACME, "{\"specversion\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("error").asText()).startsWith("not valid JSON");

        Reply invalid = post(ACME, "[" + event("inv-4") + ",{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\"}]");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().get("details").findValuesAsText("path")).containsExactly("[1].type");

        Reply oversize = post(ACME, event("big").replace("12.50", "\"" + "x".repeat(5000) + "\""));
        assertThat(oversize.status()).isEqualTo(413);

        Reply foreign = post(ACME, event("inv-5").replace("\"data\"", "\"tenant\":\"globex\",\"data\""));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.body().at("/details/0/path").asText()).isEqualTo("tenant");

        assertThat(post(null, event("inv-6")).status()).isEqualTo(401);
        assertThat(post("not-a-key-0123456789", event("inv-6")).status()).isEqualTo(401);

        Reply duplicate = post(ACME, event("inv-1"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().at("/details/0/reason").asText()).contains("already accepted");

        assertThat(post(ADMIN, event("inv-7").replace("\"data\"", "\"tenant\":\"globex\",\"data\"")).status())
                .isEqualTo(202);

        Reply schemaViolation = post(ACME, event("inv-8").replace("invoice.created", "invoice.paid"));
        assertThat(schemaViolation.status()).isEqualTo(400);
        assertThat(schemaViolation.body().get("details").findValuesAsText("path")).containsOnly("data");
        assertThat(schemaViolation.body().get("details").findValuesAsText("reason"))
                .anySatisfy(reason -> assertThat(reason).contains("invoice").endsWith("(schema of invoice.paid)"));
        assertThat(post(ACME, event("inv-9").replace("invoice.created", "invoice.paid")
                .replace("{\"total\":12.50}", "{\"invoice\":\"inv_9\",\"amount\":12.50}")).status()).isEqualTo(202);

        List<EventEnvelope> events = kafka.consume("ingest.events", 10, Duration.ofSeconds(5)).stream()
                .map(record -> EventEnvelope.fromJson(Json.parse(record.value())))
                .filter(event -> !"burst".equals(event.tenant())).toList();
        assertThat(events).extracting(EventEnvelope::id).containsExactly("inv-1", "inv-2", "inv-3", "inv-7", "inv-9");
        assertThat(events).extracting(EventEnvelope::tenant)
                .containsExactly("acme", "acme", "acme", "globex", "acme");
        assertThat(events.get(0).time()).isNotNull();
        assertThat(Json.write(events.get(0).data().get("total"))).isEqualTo("12.50");
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenATenantExceedsItsRateAndWriteNothingOfIt(KafkaCluster kafka)
            throws Exception {
        kafka.createTopics(1, "ingest.events");
        List<String> refusedIds = new java.util.ArrayList<>();
        Reply refused = null;
        for (int attempt = 0; attempt < 5 && refused == null; attempt++) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 10; i++) {
                batch.append(i == 0 ? "" : ",").append(event("burst-" + attempt + "-" + i));
            }
            Reply reply = post(BURST, batch.append("]").toString());
            if (reply.status() == 429) {
                refused = reply;
                for (int i = 0; i < 10; i++) {
                    refusedIds.add("burst-" + attempt + "-" + i);
                }
            } else {
                assertThat(reply.status()).isEqualTo(202);
            }
        }
        assertThat(refused).as("a second batch of 10 within a second").isNotNull();
        assertThat(refused.retryAfter()).isEqualTo("1");
        assertThat(refused.body().get("error").asText()).contains("tributary.ingest.rate-limit=10");

        List<String> written = kafka.readAll("ingest.events").stream()
                .map(record -> EventEnvelope.fromJson(Json.parse(record.value())).id()).toList();
        assertThat(written).doesNotContainAnyElementsOf(refusedIds);

        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("tributary_ingest_latency_seconds_count{", "status=\"429\"",
                "status=\"202\"", "tributary_ingest_events_total");
    }

    @Test
    void shouldAcceptKeysOfTheSharedStoreUntilTheyAreRevoked(KafkaCluster kafka) throws Exception {
        kafka.createTopics(1, "ingest.events");
        io.tributary.model.auth.ApiKeyRegistry registry = new io.tributary.model.auth.ApiKeyRegistry(
                kafka.bootstrapServers(), "tributary.api-keys");
        var created = registry.create("initech", false, "ingest test");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> post(created.key(), event("initech-1")).status() == 202);
        Reply foreign = post(created.key(), event("initech-2").replace("\"data\"", "\"tenant\":\"acme\",\"data\""));
        assertThat(foreign.status()).isEqualTo(400);
        registry.revoke(created.stored().id());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> post(created.key(), event("initech-3")).status() == 401);
    }
}
