package io.tributary.webhook.health;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.webhook.http.WebhookClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health of the dispatcher's HTTP client (component {@code webhookClient}, in the readiness group): DOWN from the
 * moment the client fails (its I/O reactor shut down, an I/O thread died) until a new one is built, with the reason;
 * the client logs both once. Gauges: {@code tributary_webhook_http_client_up} (1 or 0) and
 * {@code tributary_webhook_http_client_rebuilds_total}. UP with {@code sending: false} when the dispatcher is
 * disabled. Thread-safe.
 */
@Component("webhookClientHealthIndicator")
public class WebhookClientHealthIndicator implements HealthIndicator {

    private final ObjectProvider<WebhookClient> client;

    public WebhookClientHealthIndicator(ObjectProvider<WebhookClient> client, MeterRegistry meters) {
        this.client = client;
        Gauge.builder("tributary.webhook.http.client.up", () -> problem() == null ? 1 : 0)
                .description("Whether the webhook HTTP client can make attempts (1) or is being rebuilt (0)")
                .register(meters);
        FunctionCounter.builder("tributary.webhook.http.client.rebuilds", client, c -> {
                    WebhookClient current = c.getIfAvailable();
                    return current == null ? 0 : current.rebuilds();
                })
                .description("Times the webhook HTTP client was replaced after failing")
                .register(meters);
    }

    @Override
    public Health health() {
        WebhookClient current = client.getIfAvailable();
        if (current == null) {
            return Health.up().withDetail("sending", false).build();
        }
        String problem = current.problem();
        Health.Builder health = problem == null ? Health.up() : Health.down().withDetail("problem", problem);
        return health.withDetail("generation", current.generation()).withDetail("rebuilds", current.rebuilds())
                .build();
    }

    private String problem() {
        WebhookClient current = client.getIfAvailable();
        return current == null ? null : current.problem();
    }
}
