package io.tributary.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.tributary.handler.DeliveryFailure;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.webhook.http.AttemptResult;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointGuardsTest {

    private static Delivery delivery(String config) {
        EventEnvelope event = EventEnvelope.fromJson(Json.parse("{\"specversion\": \"1.0\", \"id\": \"e\","
                + " \"source\": \"/s\", \"type\": \"t.x\", \"data\": {}}"));
        return Delivery.of(event, Subscription.fromJson(Json.parse("{\"id\": \"sub_1\", \"name\": \"n\","
                + " \"eventType\": \"t.*\", \"type\": \"WEBHOOK\", \"config\": " + config + "}")));
    }

    private final URI down = URI.create("https://down.example.com/hook");
    private final URI up = URI.create("https://up.example.com:8443/hook");
    private final Delivery plain = delivery("{\"url\": \"https://down.example.com/hook\"}");

    @Test
    void shouldOpenTheCircuitOfAFailingEndpointOnlyAndFailFastThere() {
        EndpointGuards guards = new EndpointGuards(8);
        for (int i = 0; i < 5; i++) {
            try (EndpointGuards.Permit permit = guards.enter(plain, down)) {
                permit.record(new AttemptResult(503, Duration.ofMillis(5), "", null, null));
            }
        }
        assertThat(guards.state(down)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> guards.enter(plain, down)).isInstanceOfSatisfying(DeliveryFailure.Retryable.class,
                e -> {
                    assertThat(e.getMessage()).contains("circuit open for https://down.example.com:443");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                });
        try (EndpointGuards.Permit permit = guards.enter(plain, up)) {
            permit.record(new AttemptResult(200, Duration.ofMillis(5), "", null, null));
        }
        assertThat(guards.state(up)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldNotCountRefusalsOfTheEndpointAsItsFailure() {
        EndpointGuards guards = new EndpointGuards(8);
        for (int i = 0; i < 10; i++) {
            try (EndpointGuards.Permit permit = guards.enter(plain, down)) {
                permit.record(new AttemptResult(400, Duration.ofMillis(5), "bad", null, null));
            }
            try (EndpointGuards.Permit permit = guards.enter(plain, down)) {
                permit.record(new AttemptResult(0, Duration.ZERO, "", "refused: down.example.com resolves to"
                        + " 10.0.0.1 is an internal address (10.0.0.0/8)", null, true));
            }
        }
        assertThat(guards.state(down)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldBoundDeliveriesInFlightPerEndpoint() {
        EndpointGuards guards = new EndpointGuards(2);
        EndpointGuards.Permit first = guards.enter(plain, down);
        EndpointGuards.Permit second = guards.enter(plain, down);
        assertThatThrownBy(() -> guards.enter(plain, down)).isInstanceOf(DeliveryFailure.Retryable.class)
                .hasMessageContaining("has 2 deliveries in flight");
        guards.enter(plain, up).close();
        first.close();
        guards.enter(plain, down).close();
        second.close();
    }

    @Test
    void shouldApplyTheSubscriptionsRateLimit() {
        EndpointGuards guards = new EndpointGuards(8);
        Delivery limited = delivery("{\"url\": \"https://up.example.com/hook\", \"rateLimit\": 2}");
        int admitted = 0;
        String refusal = null;
        for (int i = 0; i < 10; i++) {
            try {
                guards.enter(limited, up).close();
                admitted++;
            } catch (DeliveryFailure.Retryable e) {
                refusal = e.getMessage();
            }
        }
        // Ten calls within a few milliseconds touch at most two one-second periods of two permits each.
        assertThat(admitted).isBetween(2, 4);
        assertThat(refusal).contains("rate limit of 2.0 deliveries per second of subscription sub_1");
    }
}
