package io.tributary.webhook.delivery;

import io.tributary.handler.DeliveryFailure;
import io.tributary.handler.RetrySchedule;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.Delivery;
import io.tributary.webhook.body.WebhookBodies;
import io.tributary.webhook.body.WebhookRequest;
import io.tributary.webhook.http.AttemptResult;
import io.tributary.webhook.http.WebhookClient;
import io.tributary.webhook.retry.DeliveryOutcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * One attempt of one delivery: renders and signs its {@link WebhookRequest} (Standard Webhooks,
 * {@code webhook-id} = the deliveryId percent-encoded outside visible ASCII, so a redelivery carries the same id),
 * POSTs it with the subscription's headers, records the attempt and turns the outcome into a return (delivered)
 * or a {@link DeliveryFailure}. Thread-safe.
 */
public final class WebhookDeliverer {

    private final WebhookClient client;
    private final WebhookBodies bodies;
    private final AttemptLog log;
    private final Duration defaultTimeout;
    private final Clock clock;
    private final SubscriptionPauser pauser;
    private final EndpointGuards guards;
    private final RetrySchedule schedule;
    private final java.util.random.RandomGenerator random = new java.util.SplittableRandom();

    public WebhookDeliverer(WebhookClient client, WebhookBodies bodies, AttemptLog log, Duration defaultTimeout,
            Clock clock) {
        this(client, bodies, log, defaultTimeout, clock, null, new EndpointGuards(8), RetrySchedule.DEFAULT);
    }

    /**
     * @param pauser   pauses a subscription whose endpoint answered 410 Gone; {@code null} to only dead-letter
     * @param guards   the per-endpoint bulkheads and circuit breakers and the per-subscription rate limits
     * @param schedule the service's retry schedule, which a subscription's {@code config.retry} overrides
     */
    public WebhookDeliverer(WebhookClient client, WebhookBodies bodies, AttemptLog log, Duration defaultTimeout,
            Clock clock, SubscriptionPauser pauser, EndpointGuards guards, RetrySchedule schedule) {
        this.pauser = pauser;
        this.guards = guards;
        this.schedule = schedule;
        this.client = client;
        this.bodies = bodies;
        this.log = log;
        this.defaultTimeout = defaultTimeout;
        this.clock = clock;
    }

    /**
     * One attempt, waiting for its outcome: returns when delivered, throws {@link DeliveryFailure} otherwise. The
     * outcome is handled on the calling thread, never on the thread that completed the attempt (the HTTP client's
     * I/O threads or its timer, which other attempts need).
     */
    public void deliver(Delivery delivery, int attempt) {
        java.util.concurrent.BlockingQueue<Runnable> handling = new java.util.concurrent.LinkedBlockingQueue<>();
        CompletableFuture<Void> outcome = deliverAsync(delivery, attempt, handling::add);
        try {
            while (!outcome.isDone()) {
                Runnable task = handling.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (task != null) {
                    task.run();
                }
            }
            outcome.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering " + delivery.deliveryId(), e);
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * One attempt without holding the caller: the future completes when the endpoint answered (or the attempt
     * failed before a request was sent), normally when delivered, exceptionally with a {@link DeliveryFailure}
     * otherwise. The outcome is handled on {@code completion} (it may block briefly: pausing a subscription after
     * 410 writes to Kafka), never on the HTTP client's I/O threads.
     */
    public CompletableFuture<Void> deliverAsync(Delivery delivery, int attempt, Executor completion) {
        JsonNode config = delivery.subscription().config();
        WebhookRequest request;
        try {
            request = WebhookRequest.of(bodies, delivery, clock.instant().getEpochSecond());
        } catch (WebhookBodies.BodyException e) {
            log.record(delivery, attempt, "DEAD_LETTER", new AttemptResult(0, Duration.ZERO, "", e.getMessage(), null));
            return CompletableFuture.failedFuture(new DeliveryFailure.Permanent(0, e.getMessage(), e));
        }
        Duration timeout = config.hasNonNull("timeout") ? Duration.parse(config.get("timeout").asText()) : defaultTimeout;
        URI url = URI.create(config.path("url").asText());
        EndpointGuards.Permit permit;
        try {
            permit = guards.enter(delivery, url);
        } catch (DeliveryFailure.Retryable refused) {
            DeliveryFailure failure = retry(delivery, attempt, 0, refused.getMessage(), refused.retryAfter());
            log.record(delivery, attempt, lastAttempt(delivery, attempt) ? DeliveryOutcome.DEAD_LETTER.name()
                    : DeliveryOutcome.RETRY.name(), new AttemptResult(0, Duration.ZERO, "", refused.getMessage(), null));
            return CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<AttemptResult> sent;
        try {
            sent = client.post(url, request.headers(), request.body(), timeout);
        } catch (RuntimeException e) {
            permit.close();
            throw e;
        }
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        sent.whenCompleteAsync((result, error) -> {
            try {
                AttemptResult answered;
                try (permit) {
                    answered = error == null ? result
                            : new AttemptResult(0, Duration.ZERO, "", String.valueOf(error.getMessage()), null);
                    permit.record(answered);
                }
                DeliveryFailure failure = failure(delivery, attempt, answered);
                if (failure == null) {
                    outcome.complete(null);
                } else {
                    outcome.completeExceptionally(failure);
                }
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        }, completion);
        return outcome;
    }

    /**
     * Records the attempt with its real outcome (a retryable failure on the last attempt is recorded as
     * {@code DEAD_LETTER}: no attempt follows it) and turns its result into nothing (delivered) or the failure to
     * handle.
     */
    private DeliveryFailure failure(Delivery delivery, int attempt, AttemptResult result) {
        DeliveryOutcome outcome = DeliveryOutcome.of(result);
        log.record(delivery, attempt, outcome == DeliveryOutcome.RETRY && lastAttempt(delivery, attempt)
                ? DeliveryOutcome.DEAD_LETTER.name() : outcome.name(), result);
        String what = (result.status() == 0 ? result.error() : "HTTP " + result.status()
                + (result.responseBody().isEmpty() ? "" : ": " + result.responseBody()));
        return switch (outcome) {
            case DELIVERED -> null;
            case RETRY -> retry(delivery, attempt, result.status(), what,
                    result.status() == 429 || result.status() == 503 ? result.retryAfter() : null);
            case DEAD_LETTER_AND_PAUSE -> {
                if (pauser != null) {
                    pauser.pause(delivery.subscription().id(), what);
                }
                yield new DeliveryFailure.Permanent(result.status(), what + "; subscription paused", null);
            }
            default -> new DeliveryFailure.Permanent(result.status(), what, null);
        };
    }

    /**
     * The failure to throw for a retryable attempt: with the service's schedule when the subscription has none;
     * with the subscription's {@code config.retry} (its missing settings from the service's) otherwise, dead-lettered
     * once its attempts are spent. A subscription gets at most the service's number of attempts (its retry topics).
     */
    private DeliveryFailure retry(Delivery delivery, int attempt, int status, String what, Duration retryAfter) {
        JsonNode own = delivery.subscription().config() == null ? null : delivery.subscription().config().get("retry");
        if (own == null || own.isNull()) {
            return new DeliveryFailure.Retryable(status, what, retryAfter);
        }
        RetrySchedule subscription = schedule(own, schedule);
        if (!subscription.hasNext(attempt)) {
            return new DeliveryFailure.Permanent(status, what + "; gave up after " + attempt
                    + " attempts (config.retry.maxAttempts)", null);
        }
        return new DeliveryFailure.Retryable(status, what, retryAfter, subscription.delay(attempt, retryAfter, random));
    }

    /**
     * Whether no attempt follows this one when it fails and may be retried: the subscription's schedule (its
     * {@code config.retry} over the service's) is spent, or, on the retry topics (all but ordered subscriptions,
     * which retry in place with their own schedule), the service's is.
     */
    boolean lastAttempt(Delivery delivery, int attempt) {
        JsonNode config = delivery.subscription().config();
        if (!schedule(config == null ? null : config.get("retry"), schedule).hasNext(attempt)) {
            return true;
        }
        boolean ordered = config != null && config.path("ordered").asBoolean(false);
        return !ordered && !schedule.hasNext(attempt);
    }

    /** A subscription's {@code config.retry}, its missing settings from the service's schedule. */
    static RetrySchedule schedule(JsonNode own, RetrySchedule service) {
        if (own == null || own.isNull()) {
            return service;
        }
        return new RetrySchedule(
                own.hasNonNull("maxAttempts") ? own.get("maxAttempts").intValue() : service.maxAttempts(),
                own.hasNonNull("initialInterval") ? Duration.parse(own.get("initialInterval").asText())
                        : service.initialInterval(),
                own.hasNonNull("multiplier") ? own.get("multiplier").doubleValue() : service.multiplier(),
                own.hasNonNull("maxInterval") ? Duration.parse(own.get("maxInterval").asText())
                        : service.maxInterval());
    }
}
