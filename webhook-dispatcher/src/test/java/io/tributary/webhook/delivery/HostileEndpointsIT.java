package io.tributary.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.handler.DeliveryFailure;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import io.tributary.webhook.body.WebhookBodies;
import io.tributary.webhook.http.SsrfGuard;
import io.tributary.webhook.http.WebhookClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One attempt against each kind of hostile endpoint (real servers on loopback that misbehave), through the real
 * deliverer, HTTP client and attempt log on a real broker: the attempt's record says exactly what happened, and the
 * connection is closed (the server sees it end) within the attempt's timeout and a margin.
 */
@ExtendWith(KafkaExtension.class)
class HostileEndpointsIT {

    static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Room for the reactor's one-second timeout checks and a loaded machine: closure is asserted, not speed. */
    static final Duration MARGIN = Duration.ofSeconds(3);
    static final String ATTEMPTS = "hx.deliveries";

    static KafkaCluster kafka;
    static WebhookClient client;
    static AttemptLog log;
    static WebhookDeliverer deliverer;

    @BeforeAll
    static void start(KafkaCluster cluster) {
        kafka = cluster;
        kafka.createTopics(1, ATTEMPTS);
        client = new WebhookClient(new SsrfGuard(List.of("127.0.0.0/8")), 8);
        log = new AttemptLog(kafka.bootstrapServers(), ATTEMPTS);
        deliverer = new WebhookDeliverer(client, new WebhookBodies(), log, Duration.ofSeconds(10), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        client.close();
        log.close();
    }

    /** One attempt: when it started, its record on the attempt log, and what the deliverer threw, if anything. */
    record Attempt(long started, JsonNode record, DeliveryFailure failure) {
        String text(String field) {
            return record.get(field).isNull() ? null : record.get(field).asText();
        }
    }

    static Delivery delivery(String id, String url) {
        EventEnvelope event = EventEnvelope.fromJson(Json.parse("{\"specversion\":\"1.0\",\"id\":\"" + id + "\","
                + "\"source\":\"/services/shop\",\"type\":\"order.confirmed\",\"data\":{\"order\":\"" + id + "\"}}"));
        return Delivery.of(event, Subscription.fromJson(Json.parse("{\"id\":\"sub_hx\",\"name\":\"hx\","
                + "\"eventType\":\"order.*\",\"type\":\"WEBHOOK\",\"config\":{\"url\":\"" + url + "\","
                + "\"timeout\":\"PT1S\"}}")));
    }

    static Attempt attempt(String id, String url) {
        Delivery delivery = delivery(id, url);
        long started = System.nanoTime();
        DeliveryFailure failure = null;
        try {
            deliverer.deliver(delivery, 1);
        } catch (DeliveryFailure e) {
            failure = e;
        }
        JsonNode record = await().atMost(Duration.ofSeconds(30)).until(() -> kafka.readAll(ATTEMPTS).stream()
                .filter(r -> r.key().equals(delivery.deliveryId())).map(ConsumerRecord::value).map(Json::parse)
                .findFirst().orElse(null), Objects::nonNull);
        return new Attempt(started, record, failure);
    }

    /** The endpoint had one connection, and saw it closed within the attempt's timeout and the margin. */
    static void assertClosedInTime(HostileEndpoint endpoint, Attempt attempt) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !endpoint.connections.isEmpty()
                && endpoint.connections.get(0).closed != 0);
        assertThat(endpoint.connections).hasSize(1);
        assertThat(Duration.ofNanos(endpoint.connections.get(0).closed - attempt.started()))
                .as("the connection closed by the end of the attempt's timeout and the margin")
                .isLessThan(TIMEOUT.plus(MARGIN));
    }

    @Test
    void shouldTimeOutAnEndpointThatTricklesItsHeadersAndCloseTheConnection() throws Exception {
        try (HostileEndpoint endpoint = new HostileEndpoint("slow-headers", HostileEndpoint.SLOW_HEADERS)) {
            Attempt attempt = attempt("hx-slow-headers", endpoint.url("http"));

            assertThat(attempt.text("outcome")).isEqualTo("RETRY");
            assertThat(attempt.record().get("httpStatus").asInt()).isZero();
            assertThat(attempt.text("error")).isEqualTo("timed out after 1000 ms waiting for the response");
            assertThat(attempt.text("responseBody")).isEmpty();
            assertThat(attempt.failure()).isInstanceOf(DeliveryFailure.Retryable.class);
            assertClosedInTime(endpoint, attempt);
        }
    }

    @Test
    void shouldTimeOutAnEndpointThatTricklesItsBodyKeepingWhatCameAndCloseTheConnection() throws Exception {
        try (HostileEndpoint endpoint = new HostileEndpoint("trickle", HostileEndpoint.TRICKLE)) {
            Attempt attempt = attempt("hx-trickle", endpoint.url("http"));

            String excerpt = attempt.text("responseBody");
            assertThat(attempt.text("outcome")).isEqualTo("RETRY");
            assertThat(attempt.record().get("httpStatus").asInt()).isZero();
            assertThat(attempt.text("error")).isEqualTo("timed out after 1000 ms reading the response body of HTTP 200 ("
                    + excerpt.length() + " bytes so far)");
            assertThat(excerpt).as("one byte every 100 ms for a second").hasSizeBetween(1, 11);
            assertClosedInTime(endpoint, attempt);
            assertThat(HostileEndpoint.bodySent(endpoint.connections.get(0))).startsWith(excerpt);
        }
    }

    @Test
    void shouldReadTheFirstKibibyteOfAHugeBodyAndCloseTheConnection() throws Exception {
        try (HostileEndpoint endpoint = new HostileEndpoint("huge", HostileEndpoint.HUGE_BODY)) {
            Attempt attempt = attempt("hx-huge", endpoint.url("http"));

            assertThat(attempt.text("outcome")).isEqualTo("DELIVERED");
            assertThat(attempt.record().get("httpStatus").asInt()).isEqualTo(200);
            assertThat(attempt.text("error")).isNull();
            assertThat(attempt.text("responseBody")).isEqualTo("x".repeat(1024));
            assertThat(attempt.failure()).isNull();
            assertClosedInTime(endpoint, attempt);
        }
    }

    @Test
    void shouldReadTheFirstKibibyteOfAnEndlessChunkedStreamAndCloseTheConnection() throws Exception {
        try (HostileEndpoint endpoint = new HostileEndpoint("endless", HostileEndpoint.ENDLESS_CHUNKS)) {
            Attempt attempt = attempt("hx-endless", endpoint.url("http"));

            assertThat(attempt.text("outcome")).isEqualTo("DELIVERED");
            assertThat(attempt.record().get("httpStatus").asInt()).isEqualTo(200);
            assertThat(attempt.text("error")).isNull();
            assertThat(attempt.text("responseBody")).isEqualTo("y".repeat(1024));
            assertClosedInTime(endpoint, attempt);
        }
    }

    @Test
    void shouldNotFollowARedirectLoop() throws Exception {
        try (HostileEndpoint endpoint = new HostileEndpoint("loop", HostileEndpoint.REDIRECT_LOOP)) {
            Attempt attempt = attempt("hx-loop", endpoint.url("http"));

            assertThat(attempt.text("outcome")).isEqualTo("DEAD_LETTER");
            assertThat(attempt.record().get("httpStatus").asInt()).isEqualTo(302);
            assertThat(attempt.text("responseBody")).isEqualTo("redirect!");
            assertThat(attempt.failure()).isInstanceOf(DeliveryFailure.Permanent.class);
            // The exchange completed: its connection goes back to the pool like any other. Nothing follows it.
            Thread.sleep(TIMEOUT.plus(MARGIN).toMillis());
            assertThat(endpoint.requests).hasValue(1);
            assertThat(endpoint.connections).hasSize(1);
        }
    }

    @Test
    void shouldTimeOutATlsHandshakeThatNeverStartsAndCloseTheConnection() throws Exception {
        try (HostileEndpoint endpoint = new HostileEndpoint("tls", HostileEndpoint.TLS_STALL)) {
            Attempt attempt = attempt("hx-tls", endpoint.url("https"));

            assertThat(attempt.text("outcome")).isEqualTo("RETRY");
            assertThat(attempt.record().get("httpStatus").asInt()).isZero();
            assertThat(attempt.text("error")).isEqualTo("timed out after 1000 ms connecting");
            assertThat(attempt.text("responseBody")).isEmpty();
            assertClosedInTime(endpoint, attempt);
        }
    }

    @Test
    void shouldRefuseAHeaderLineThatNeverEndsAndCloseTheConnection() throws Exception {
        try (HostileEndpoint endpoint = new HostileEndpoint("header", HostileEndpoint.ENDLESS_HEADER)) {
            Attempt attempt = attempt("hx-header", endpoint.url("http"));

            assertThat(attempt.text("outcome")).isEqualTo("RETRY");
            assertThat(attempt.record().get("httpStatus").asInt()).isZero();
            assertThat(attempt.text("error")).isEqualTo("MessageConstraintException: Maximum line length limit exceeded");
            assertClosedInTime(endpoint, attempt);
        }
    }
}
