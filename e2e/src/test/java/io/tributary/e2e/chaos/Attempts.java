package io.tributary.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The webhook attempts the dispatcher recorded on {@code tributary.deliveries}: how many of each outcome and
 * status, the most attempts one delivery took, and, per subscription, the retries that came sooner than the retry
 * schedule allows (its wait less the jitter, less a tolerance for the time an attempt takes).
 */
final class Attempts {

    private static final Duration TOLERANCE = Duration.ofMillis(250);

    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final Map<String, List<String>> early = new TreeMap<>();
    private final Map<String, Integer> retries = new TreeMap<>();
    private int most;

    Attempts(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, Map<Integer, Instant>> byDelivery = new HashMap<>();
        Map<String, String> subscriptions = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            JsonNode attempt = Json.parse(new String(record.value(), StandardCharsets.UTF_8));
            outcomes.merge(attempt.path("outcome").asText() + " status " + attempt.path("httpStatus").asInt(), 1,
                    Integer::sum);
            int number = attempt.path("attempt").asInt();
            most = Math.max(most, number);
            String delivery = attempt.path("deliveryId").asText();
            subscriptions.put(delivery, attempt.path("subscriptionId").asText());
            // A delivery attempted again after a crash repeats numbers: its first attempt of each number counts.
            byDelivery.computeIfAbsent(delivery, d -> new HashMap<>()).putIfAbsent(number,
                    Instant.parse(attempt.path("at").asText()));
        }
        byDelivery.forEach((delivery, times) -> times.forEach((number, at) -> {
            Instant before = times.get(number - 1);
            if (before == null) {
                return;
            }
            String subscription = subscriptions.get(delivery);
            retries.merge(subscription, 1, Integer::sum);
            Duration gap = Duration.between(before, at);
            // The jitter scales a wait by a factor from 0.5 to 1.0 (RetrySchedule).
            Duration least = ChaosStack.retryWait(number - 1).dividedBy(2).minus(TOLERANCE);
            if (gap.compareTo(least) < 0) {
                early.computeIfAbsent(subscription, s -> new ArrayList<>()).add(delivery + ": attempt " + number
                        + " " + gap.toMillis() + " ms after attempt " + (number - 1) + " (schedule: at least "
                        + least.plus(TOLERANCE).toMillis() + " ms)");
            }
        }));
    }

    Map<String, Integer> outcomes() {
        return Map.copyOf(outcomes);
    }

    int most() {
        return most;
    }

    /** Retries by subscription id. */
    Map<String, Integer> retries() {
        return Map.copyOf(retries);
    }

    /** Retries that came sooner than the schedule, by subscription id. */
    Map<String, List<String>> early() {
        return Map.copyOf(early);
    }
}
