package io.tributary.webhook.config;

import io.tributary.handler.RetryProperties;
import io.tributary.handler.RetrySchedule;
import io.tributary.model.config.ConfigurationProblems;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the webhook dispatcher under {@code tributary.webhook}. Invalid values fail start-up, every one
 * listed at once with its full key, value and reason ({@link ConfigurationProblems}); the listeners' group and
 * concurrency are read from here, never from placeholders of their own.
 *
 * @param topicPrefix               the prefix of Tributary's topics
 * @param groupId                   the consumer group: dispatchers with the same group share the work
 * @param concurrency               consumer threads per topic (main and each retry topic)
 * @param timeout                   the default time an endpoint has to answer
 * @param maxConnectionsPerEndpoint connections open at once to one endpoint
 * @param maxPendingPerEndpoint     deliveries to one endpoint that may wait for a connection; more go to the retry
 *                                  topics at once
 * @param maxQueueWait              how long a delivery may wait for a connection to its endpoint; one that waited
 *                                  longer goes to the retry topics, so an endpoint that cannot keep up holds up
 *                                  only its own deliveries
 * @param maxInFlight               deliveries of one partition in flight at once; reading the partition pauses
 *                                  beyond it
 * @param allowedCidrs              internal ranges webhooks may reach anyway (tests, the local dev stack only)
 * @param retry                     the retry schedule; settings not given from {@link RetrySchedule#DEFAULT}
 * @param circuitBreaker            when an endpoint is not called for a while because its attempts fail
 */
@ConfigurationProperties("tributary.webhook")
public record WebhookProperties(
        @DefaultValue("tributary") String topicPrefix,
        @DefaultValue("tributary-webhook-dispatcher") String groupId,
        @DefaultValue("2") int concurrency,
        @DefaultValue("PT10S") Duration timeout,
        @DefaultValue("8") int maxConnectionsPerEndpoint,
        @DefaultValue("2000") int maxPendingPerEndpoint,
        @DefaultValue("PT5S") Duration maxQueueWait,
        @DefaultValue("500") int maxInFlight,
        List<String> allowedCidrs,
        RetryProperties retry,
        CircuitBreaker circuitBreaker) {

    public WebhookProperties {
        allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
        retry = RetryProperties.orDefaults(retry, RetrySchedule.DEFAULT);
        circuitBreaker = circuitBreaker == null ? new CircuitBreaker(50, 5, 20, Duration.ofSeconds(30)) : circuitBreaker;
        ConfigurationProblems problems = new ConfigurationProblems("webhook dispatcher", "tributary.webhook");
        problems.topicPrefix("topic-prefix", topicPrefix);
        problems.notBlank("group-id", groupId);
        problems.atLeast("concurrency", concurrency, 1);
        problems.positive("timeout", timeout);
        problems.atLeast("max-connections-per-endpoint", maxConnectionsPerEndpoint, 1);
        problems.atLeast("max-pending-per-endpoint", maxPendingPerEndpoint, 0);
        problems.check(maxQueueWait != null && !maxQueueWait.isNegative(), "max-queue-wait", maxQueueWait,
                "must be a duration of zero or more");
        problems.atLeast("max-in-flight", maxInFlight, 1);
        retry.check(problems.nested("retry"));
        circuitBreaker.check(problems.nested("circuit-breaker"));
        problems.throwIfAny();
    }

    /**
     * An endpoint's circuit opens when at least {@code failureRatePercent} of its last {@code window} attempts
     * failed (5xx, 408, 429, timeouts, connection errors), once it has {@code minimumCalls}; then it is not called
     * for {@code openDuration}.
     */
    public record CircuitBreaker(@DefaultValue("50") int failureRatePercent, @DefaultValue("5") int minimumCalls,
            @DefaultValue("20") int window, @DefaultValue("PT30S") Duration openDuration) {

        void check(ConfigurationProblems problems) {
            problems.range("failure-rate-percent", failureRatePercent, 1, 100);
            problems.atLeast("minimum-calls", minimumCalls, 1);
            problems.atLeast("window", window, 1);
            problems.positive("open-duration", openDuration);
        }
    }
}
