package io.tributary.webhook.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.handler.DeliveryFailure;
import io.tributary.handler.RetrySchedule;
import io.tributary.model.Delivery;
import io.tributary.model.InvalidInputException;
import io.tributary.model.WebhookConfig;
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
        WebhookConfig config;
        WebhookRequest request;
        try {
            config = config(delivery);
            request = WebhookRequest.of(bodies, delivery, clock.instant().getEpochSecond());
        } catch (DeliveryFailure.Permanent | WebhookBodies.BodyException e) {
            log.record(delivery, attempt, "DEAD_LETTER", new AttemptResult(0, Duration.ZERO, "", e.getMessage(), null));
            return CompletableFuture.failedFuture(e instanceof DeliveryFailure.Permanent permanent ? permanent
                    : new DeliveryFailure.Permanent(0, e.getMessage(), e));
        }
        Duration timeout = config.timeout() != null ? config.timeout() : defaultTimeout;
        URI url = config.url();
        ObjectNode shown = request.shown(url, config.headers());
        EndpointGuards.Permit permit;
        try {
            permit = guards.enter(delivery, url);
        } catch (DeliveryFailure.Retryable refused) {
            DeliveryFailure failure = retry(delivery, config, attempt, 0, refused.getMessage(), refused.retryAfter());
            log.record(delivery, attempt, lastAttempt(config, attempt) ? DeliveryOutcome.DEAD_LETTER.name()
                    : DeliveryOutcome.RETRY.name(), new AttemptResult(0, Duration.ZERO, "", refused.getMessage(), null),
                    shown);
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
                DeliveryFailure failure = failure(delivery, config, attempt, answered, shown);
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
    private DeliveryFailure failure(Delivery delivery, WebhookConfig config, int attempt, AttemptResult result,
            ObjectNode request) {
        DeliveryOutcome outcome = DeliveryOutcome.of(result);
        log.record(delivery, attempt, outcome == DeliveryOutcome.RETRY && lastAttempt(config, attempt)
                ? DeliveryOutcome.DEAD_LETTER.name() : outcome.name(), result, request);
        String what = (result.status() == 0 ? result.error() : "HTTP " + result.status()
                + (result.responseBody().isEmpty() ? "" : ": " + result.responseBody()));
        return switch (outcome) {
            case DELIVERED -> null;
            case RETRY -> retry(delivery, config, attempt, result.status(), what,
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
    private DeliveryFailure retry(Delivery delivery, WebhookConfig config, int attempt, int status, String what,
            Duration retryAfter) {
        if (config.retry() == null) {
            return new DeliveryFailure.Retryable(status, what, retryAfter);
        }
        RetrySchedule subscription = schedule(config.retry(), schedule);
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
    boolean lastAttempt(WebhookConfig config, int attempt) {
        if (!schedule(config.retry(), schedule).hasNext(attempt)) {
            return true;
        }
        return !config.ordered() && !schedule.hasNext(attempt);
    }

    /**
     * The compiled webhook config of a delivery's subscription; a {@link DeliveryFailure.Permanent} naming every
     * invalid setting when it is not valid (a delivery the router did not validate), dead-lettered at once.
     */
    static WebhookConfig config(Delivery delivery) {
        try {
            return delivery.subscription().webhookConfig();
        } catch (InvalidInputException e) {
            throw new DeliveryFailure.Permanent(0, "subscription " + delivery.subscription().id() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether a delivery is of an ordered subscription ({@code config.ordered}); {@code false} for an invalid config. */
    static boolean ordered(Delivery delivery) {
        try {
            return delivery.subscription().webhookConfig().ordered();
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /**
     * A subscription's {@code config.retry}, its missing settings from the service's schedule. Where a setting of the
     * subscription and one of the service disagree (its {@code initialInterval} longer than the service's
     * {@code maxInterval}, or its {@code maxInterval} shorter than the service's {@code initialInterval}), the
     * subscription's own setting wins and bounds the other.
     */
    static RetrySchedule schedule(WebhookConfig.Retry own, RetrySchedule service) {
        if (own == null) {
            return service;
        }
        Duration initial = own.initialInterval() != null ? own.initialInterval() : service.initialInterval();
        Duration max = own.maxInterval() != null ? own.maxInterval() : service.maxInterval();
        if (max.compareTo(initial) < 0) {
            if (own.maxInterval() == null) {
                max = initial;
            } else {
                initial = max;
            }
        }
        return new RetrySchedule(own.maxAttempts() != null ? own.maxAttempts() : service.maxAttempts(), initial,
                own.multiplier() != null ? own.multiplier() : service.multiplier(), max);
    }
}
