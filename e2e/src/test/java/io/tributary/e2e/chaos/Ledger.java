package io.tributary.e2e.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongPredicate;

/**
 * What the chaos run committed and what each receiver got: every committed change {@code (key, seq)} as the writer
 * saw its commit succeed, and every delivery a receiver accepted, in arrival order, with its {@code webhook-id}.
 * {@link #verify} compares the two. Thread-safe: one writer, many receiver threads.
 */
final class Ledger {

    /** A committed row change: the row's key and its sequence number after the change (1 for the insert). */
    record Change(int key, long seq) {
    }

    /** A delivery a receiver accepted (answered 2xx). */
    record Delivery(String webhookId, int key, long seq) {
    }

    private final Queue<Change> committed = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Long> latest = new ConcurrentHashMap<>();
    private final Map<String, Queue<Delivery>> deliveries = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, Long>> highestDelivered = new ConcurrentHashMap<>();

    void committed(int key, long seq) {
        committed.add(new Change(key, seq));
        latest.put(key, seq);
    }

    void delivered(String subscription, String webhookId, int key, long seq) {
        deliveries.computeIfAbsent(subscription, s -> new ConcurrentLinkedQueue<>())
                .add(new Delivery(webhookId, key, seq));
        highestDelivered.computeIfAbsent(subscription, s -> new ConcurrentHashMap<>()).merge(key, seq, Math::max);
    }

    int committedCount() {
        return committed.size();
    }

    int deliveredCount(String subscription) {
        Queue<Delivery> received = deliveries.get(subscription);
        return received == null ? 0 : received.size();
    }

    /** The latest committed sequence number of every key written so far. */
    Map<Integer, Long> latestCommitted() {
        return Map.copyOf(latest);
    }

    /** Whether the subscription received a change committed after {@code mark} (a {@link #latestCommitted}). */
    boolean receivedAfter(String subscription, Map<Integer, Long> mark) {
        Map<Integer, Long> highest = highestDelivered.getOrDefault(subscription, Map.of());
        return highest.entrySet().stream().anyMatch(e -> e.getValue() > mark.getOrDefault(e.getKey(), 0L));
    }

    /**
     * Compares what one subscription received with what it should have: every committed change whose sequence
     * number {@code matches}. {@code ordered} adds the per-record order check: skipping ids already seen (as the
     * README tells receivers to), each key's sequence numbers arrive increasing.
     */
    Verdict verify(String subscription, LongPredicate matches, boolean ordered) {
        List<Change> expected = committed.stream().filter(c -> matches.test(c.seq())).toList();
        Set<Change> expectedSet = new HashSet<>(expected);
        List<Delivery> received = List.copyOf(deliveries.getOrDefault(subscription, new ConcurrentLinkedQueue<>()));
        Map<Change, Set<String>> idsByChange = new LinkedHashMap<>();
        for (Delivery d : received) {
            idsByChange.computeIfAbsent(new Change(d.key(), d.seq()), c -> new HashSet<>()).add(d.webhookId());
        }
        List<Change> lost = expected.stream().filter(c -> !idsByChange.containsKey(c)).toList();
        List<Change> unexpected = idsByChange.keySet().stream().filter(c -> !expectedSet.contains(c)).toList();
        List<String> idMismatches = new ArrayList<>();
        idsByChange.forEach((change, ids) -> {
            if (ids.size() > 1) {
                idMismatches.add("key " + change.key() + " seq " + change.seq() + ": " + ids);
            }
        });
        return new Verdict(subscription, ordered, expected.size(), received.size(), idsByChange.size(),
                received.size() - idsByChange.size(), lost, unexpected, idMismatches, orderViolations(received));
    }

    /** Per key, in arrival order and skipping ids seen before: each arrival whose seq is below an earlier one. */
    private static List<String> orderViolations(List<Delivery> received) {
        Set<String> seen = new HashSet<>();
        Map<Integer, Long> highest = new HashMap<>();
        List<String> violations = new ArrayList<>();
        for (Delivery d : received) {
            if (!seen.add(d.webhookId())) {
                continue;
            }
            Long before = highest.get(d.key());
            if (before != null && d.seq() < before) {
                violations.add("key " + d.key() + ": seq " + d.seq() + " arrived after seq " + before);
            }
            highest.merge(d.key(), d.seq(), Math::max);
        }
        return violations;
    }

    /**
     * What one subscription's ledger shows. {@code orderViolations} are counted for every subscription, but only
     * an ordered one promises none.
     */
    record Verdict(String subscription, boolean ordered, int expected, int received, int distinct, int duplicates,
            List<Change> lost, List<Change> unexpected, List<String> idMismatches, List<String> orderViolations) {

        String summary() {
            return String.format("%-8s expected %6d  received %6d  distinct %6d  duplicates %5d  lost %d"
                    + "  unexpected %d  duplicates with another webhook-id %d  %s %d", subscription, expected,
                    received, distinct, duplicates, lost.size(), unexpected.size(), idMismatches.size(),
                    ordered ? "out of order (ordered)" : "out of order (no order promised)", orderViolations.size());
        }
    }
}
