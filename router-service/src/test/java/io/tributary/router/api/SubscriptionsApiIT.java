package io.tributary.router.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.client.SubscriptionsClient;
import io.tributary.client.TributaryApiException;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import io.tributary.testkit.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The subscriptions admin API on a real broker, with the router running behind it. */
@ExtendWith(KafkaExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Closed after the class, while the test broker runs: closed at the JVM's exit instead, its streams client would
// wait its whole close timeout for a broker that is gone.
@DirtiesContext
class SubscriptionsApiIT {

    static final String ADMIN = "admin-key-0123456789";
    static final String ACME = "acme-key-0123456789";
    static final String GLOBEX = "globex-key-0123456789";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaExtension.cluster().bootstrapServers());
        registry.add("tributary.router.topic-prefix", () -> "api");
        registry.add("tributary.router.application-id", () -> "api-router");
        registry.add("tributary.router.partitions", () -> "2");
        registry.add("tributary.router.streams.state.dir",
                () -> tempDir());
        registry.add("tributary.api.keys[0].key", () -> ADMIN);
        registry.add("tributary.api.keys[0].admin", () -> "true");
        registry.add("tributary.api.keys[1].key", () -> ACME);
        registry.add("tributary.api.keys[1].tenant", () -> "acme");
        registry.add("tributary.api.keys[2].key", () -> GLOBEX);
        registry.add("tributary.api.keys[2].tenant", () -> "globex");
        registry.add("tributary.api.visibility-timeout", () -> "PT60S");
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("api-router").toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Value("${local.server.port}")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    record Reply(int status, JsonNode body) {
    }

    private Reply call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body().isEmpty() ? null : Json.parse(response.body()));
    }

    private static String webhook(String name) {
        return "{\"name\":\"" + name + "\",\"table\":\"orders\",\"type\":\"WEBHOOK\",\"config\":{\"url\":"
                + "\"https://hooks.example.com/x\",\"secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"},"
                + "\"filter\":{\"status\":\"confirmed\"}}";
    }

    @Test
    void shouldCreateReadUpdateAndDeleteWithReadYourWrites() throws Exception {
        Reply created = call("POST", "/v1/subscriptions", ACME, webhook("crud"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(id).startsWith("sub_");
        assertThat(created.body().get("tenant").asText()).isEqualTo("acme");
        assertThat(created.body().at("/config/secret").asText()).isEqualTo("whsec_…LaSw");

        Reply read = call("GET", "/v1/subscriptions/" + id, ACME, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().get("name").asText()).isEqualTo("crud");

        Reply updated = call("PUT", "/v1/subscriptions/" + id, ACME, webhook("crud-renamed"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(call("GET", "/v1/subscriptions/" + id, ACME, null).body().get("name").asText())
                .isEqualTo("crud-renamed");

        Reply paused = call("POST", "/v1/subscriptions/" + id + "/pause", ACME, null);
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.body().get("active").asBoolean()).isFalse();
        assertThat(call("POST", "/v1/subscriptions/" + id + "/resume", ACME, null).body().get("active").asBoolean())
                .isTrue();

        assertThat(call("DELETE", "/v1/subscriptions/" + id, ACME, null).status()).isEqualTo(204);
        assertThat(call("GET", "/v1/subscriptions/" + id, ACME, null).status()).isEqualTo(404);
    }

    @Test
    void shouldIsolateTenants() throws Exception {
        String id = call("POST", "/v1/subscriptions", ACME, webhook("isolated")).body().get("id").asText();

        assertThat(call("GET", "/v1/subscriptions/" + id, GLOBEX, null).status()).isEqualTo(404);
        assertThat(call("PUT", "/v1/subscriptions/" + id, GLOBEX, webhook("stolen")).status()).isEqualTo(404);
        assertThat(call("DELETE", "/v1/subscriptions/" + id, GLOBEX, null).status()).isEqualTo(404);
        assertThat(call("GET", "/v1/subscriptions", GLOBEX, null).body().get("items").findValuesAsText("id"))
                .doesNotContain(id);
        Reply foreign = call("POST", "/v1/subscriptions", GLOBEX,
                webhook("foreign").replace("{\"name\"", "{\"tenant\":\"acme\",\"name\""));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.body().at("/details/0/path").asText()).isEqualTo("tenant");

        assertThat(call("GET", "/v1/subscriptions/" + id, ADMIN, null).status()).isEqualTo(200);
        assertThat(call("GET", "/v1/subscriptions/" + id, ACME, null).status()).isEqualTo(200);
    }

    @Test
    void shouldRefuseInvalidSubscriptionsWithEveryFieldPath() throws Exception {
        Reply invalid = call("POST", "/v1/subscriptions", ACME,
                "{\"name\":\"\",\"table\":\"orders\",\"type\":\"webhook\",\"cooldown\":\"soon\",\"colour\":1}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().get("error").asText()).isEqualTo("invalid subscription");
        assertThat(invalid.body().get("details").findValuesAsText("path"))
                .containsExactly("colour", "name", "type", "cooldown");

        Reply malformed = call("POST", "/v1/subscriptions", ACME, "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("error").asText()).startsWith("not valid JSON");
    }

    @Test
    void shouldRefuseADuplicateNameWithinATenant() throws Exception {
        assertThat(call("POST", "/v1/subscriptions", ACME, webhook("unique")).status()).isEqualTo(201);
        Reply duplicate = call("POST", "/v1/subscriptions", ACME, webhook("unique"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().at("/details/0/path").asText()).isEqualTo("name");
        assertThat(call("POST", "/v1/subscriptions", GLOBEX, webhook("unique")).status()).isEqualTo(201);
    }

    @Test
    void shouldServeTheJavaClientWithTypedErrors() throws Exception {
        SubscriptionsClient client = new SubscriptionsClient("http://127.0.0.1:" + port, ACME);
        ObjectNode created = client.create(Json.parse(webhook("from-client")));
        String id = created.get("id").asText();
        assertThat(client.get(id).get("name").asText()).isEqualTo("from-client");
        assertThat(client.list()).extracting(s -> s.get("id").asText()).contains(id);
        assertThat(client.pause(id).get("active").asBoolean()).isFalse();

        assertThatThrownBy(() -> client.create(Json.parse("{\"name\":\"x\",\"type\":\"WEBHOOK\",\"table\":\"t\"}")))
                .isInstanceOfSatisfying(TributaryApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.details()).extracting(FieldError::path).containsExactly("config.url");
                });
        client.delete(id);
        assertThatThrownBy(() -> client.get(id)).isInstanceOfSatisfying(TributaryApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> new SubscriptionsClient("http://127.0.0.1:1", ACME).list())
                .isInstanceOfSatisfying(TributaryApiException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.getMessage()).startsWith("cannot reach the admin API at http://127.0.0.1:1/");
                });
    }

    @Test
    void shouldListQuarantinedSubscriptionsToAdminsOnly() throws Exception {
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                java.util.Map.<String, Object>of("bootstrap.servers", KafkaExtension.cluster().bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("api.subscriptions", "sub_broken",
                    "{\"id\":\"sub_broken\",\"name\":\"b\",\"table\":\"t\",\"type\":\"lower\"}")).get();
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                call("GET", "/v1/subscriptions/quarantined", ADMIN, null).body().get("items").size() > 0);
        JsonNode item = call("GET", "/v1/subscriptions/quarantined", ADMIN, null).body().get("items").get(0);
        assertThat(item.get("id").asText()).isEqualTo("sub_broken");
        assertThat(item.get("reason").asText()).contains("type: must be upper-case letters");
        assertThat(call("GET", "/v1/subscriptions/quarantined", ACME, null).status()).isEqualTo(403);
    }

    @Test
    void shouldRequireAKnownKey() throws Exception {
        assertThat(call("GET", "/v1/subscriptions", null, null).status()).isEqualTo(401);
        assertThat(call("GET", "/v1/subscriptions", "wrong-key-0123456789", null).status()).isEqualTo(401);
        assertThat(call("POST", "/v1/subscriptions", null, webhook("x")).status()).isEqualTo(401);
    }

    @Test
    void shouldPageThroughTheList() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(call("POST", "/v1/subscriptions", GLOBEX, webhook("page-" + i)).status()).isEqualTo(201);
        }
        JsonNode first = call("GET", "/v1/subscriptions?limit=2", GLOBEX, null).body();
        assertThat(first.get("items")).hasSize(2);
        String next = first.get("next").asText();
        JsonNode second = call("GET", "/v1/subscriptions?limit=2&after=" + next, GLOBEX, null).body();
        assertThat(second.get("items").get(0).get("id").asText()).isGreaterThan(next);
        assertThat(call("GET", "/v1/subscriptions?limit=0", GLOBEX, null).status()).isEqualTo(400);
    }
}
