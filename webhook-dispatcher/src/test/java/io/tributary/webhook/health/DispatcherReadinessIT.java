package io.tributary.webhook.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.model.serde.TributarySerdes;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import io.tributary.webhook.http.WebhookClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dispatcher's readiness tells the truth about the parts that do the work: its HTTP client (killed here the
 * way running out of memory kills it, by an {@link Error} on its I/O threads) and its listener containers. Real
 * broker, real endpoint on loopback, readiness read over HTTP.
 */
@ExtendWith(KafkaExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DispatcherReadinessIT {

    static final List<String> received = new CopyOnWriteArrayList<>();
    static final HttpServer endpoint = startEndpoint();

    static HttpServer startEndpoint() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/ok", exchange -> {
                exchange.getRequestBody().readAllBytes();
                received.add(exchange.getRequestHeaders().getFirst("webhook-id"));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopEndpoint() {
        endpoint.stop(0);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KafkaCluster kafka = KafkaExtension.cluster();
        kafka.createTopics(1, "rd.handler.webhook");
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        registry.add("tributary.webhook.topic-prefix", () -> "rd");
        registry.add("tributary.webhook.group-id", () -> "rd-dispatcher");
        registry.add("tributary.webhook.allowed-cidrs[0]", () -> "127.0.0.0/8");
        registry.add("tributary.webhook.retry.max-attempts", () -> "5");
        registry.add("tributary.webhook.retry.initial-interval", () -> "PT0.5S");
        registry.add("tributary.webhook.retry.max-interval", () -> "PT1S");
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    WebhookClient client;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    private final HttpClient http = HttpClient.newHttpClient();

    /** The readiness group as the platform reads it: the HTTP status and the body. */
    private JsonNode readiness() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = Json.parse(response.body());
        assertThat(response.statusCode()).isEqualTo(body.get("status").asText().equals("UP") ? 200 : 503);
        return body;
    }

    private static String status(JsonNode readiness, String component) {
        return readiness.path("components").path(component).path("status").asText();
    }

    private static void send(String id) throws Exception {
        EventEnvelope event = EventEnvelope.fromJson(Json.parse("{\"specversion\":\"1.0\",\"id\":\"" + id + "\","
                + "\"source\":\"/services/shop\",\"type\":\"order.confirmed\",\"data\":{\"order\":\"" + id + "\"}}"));
        Delivery delivery = Delivery.of(event, Subscription.fromJson(Json.parse("{\"id\":\"sub_rd\",\"name\":\"rd\","
                + "\"eventType\":\"order.*\",\"type\":\"WEBHOOK\",\"config\":{\"url\":\"http://127.0.0.1:"
                + endpoint.getAddress().getPort() + "/ok\"}}")));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                KafkaExtension.cluster().bootstrapServers()), new StringSerializer(),
                TributarySerdes.delivery().serializer())) {
            producer.send(new ProducerRecord<>("rd.handler.webhook", delivery.recordKey(), delivery))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @SuppressWarnings("removal") // Thread.stop: an Error on the client's I/O threads, as running out of memory throws
    void shouldBeNotReadyWhileTheHttpClientIsRebuiltOrTheListenersStopped() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> readiness().get("status").asText().equals("UP"));
        JsonNode ready = readiness();
        assertThat(status(ready, "webhookClient")).isEqualTo("UP");
        assertThat(status(ready, "webhookListeners")).isEqualTo("UP");
        send("rd-before");
        await().atMost(Duration.ofSeconds(30)).until(() -> received.contains("rd-before:sub_rd"));
        assertThat(client.generation()).isEqualTo(1);

        // The I/O dispatcher threads of the client die: from then on the old client refuses every connection.
        String names = client.threadNames();
        List<Thread> ioThreads = Thread.getAllStackTraces().entrySet().stream()
                .filter(t -> t.getKey().getName().startsWith(names) && Arrays.stream(t.getValue())
                        .anyMatch(frame -> frame.getClassName().endsWith("AbstractSingleCoreIOReactor")))
                .map(Map.Entry::getKey).toList();
        assertThat(ioThreads).hasSize(Runtime.getRuntime().availableProcessors());
        for (Thread thread : ioThreads) {
            assertThat(thread).isNotSameAs(Thread.currentThread());
            thread.stop();
        }
        JsonNode down = await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(this::readiness, r -> r.get("status").asText().equals("DOWN"));
        assertThat(status(down, "webhookClient")).isEqualTo("DOWN");
        assertThat(down.path("components").path("webhookClient").path("details").path("problem").asText())
                .startsWith(names).contains("died of java.lang.ThreadDeath");
        assertThat(status(down, "webhookListeners")).isEqualTo("UP");
        send("rd-during");

        JsonNode up = await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(this::readiness, r -> r.get("status").asText().equals("UP"));
        assertThat(up.path("components").path("webhookClient").path("details").path("generation").asInt())
                .isEqualTo(2);
        assertThat(client.rebuilds()).isEqualTo(1);
        send("rd-after");
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> received.contains("rd-after:sub_rd")
                && received.contains("rd-during:sub_rd"));
        assertThat(received).as("each delivered once, the one sent while the client was down by a retry")
                .containsExactlyInAnyOrder("rd-before:sub_rd", "rd-during:sub_rd", "rd-after:sub_rd");

        // The listener containers stop: nothing is consumed, so the dispatcher is not ready.
        listeners.stop();
        JsonNode stopped = await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(this::readiness,
                r -> r.get("status").asText().equals("DOWN"));
        assertThat(status(stopped, "webhookListeners")).isEqualTo("DOWN");
        assertThat(stopped.path("components").path("webhookListeners").path("details").path("problem").asText())
                .isEqualTo("listener containers not running: webhooks, webhooks-dlt, webhooks-ordered, webhooks-retry-0,"
                        + " webhooks-retry-1, webhooks-retry-2, webhooks-retry-3");
        assertThat(status(stopped, "webhookClient")).isEqualTo("UP");
        listeners.start();
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> readiness().get("status").asText().equals("UP"));
    }
}
