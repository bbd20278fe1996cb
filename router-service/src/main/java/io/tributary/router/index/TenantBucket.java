package io.tributary.router.index;

import io.tributary.model.EventEnvelope;
import io.tributary.model.Subscription;
import io.tributary.model.SubscriptionMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The subscriptions of one tenant (or the global ones), by table, by exact event type and by prefix. */
final class TenantBucket {

    private final Map<String, List<SubscriptionMatcher>> byTable = new ConcurrentHashMap<>();
    private final Map<String, List<SubscriptionMatcher>> byEventType = new ConcurrentHashMap<>();
    private volatile List<SubscriptionMatcher> byPrefix = List.of();

    void add(SubscriptionMatcher matcher) {
        if (matcher.table() != null) {
            byTable.compute(matcher.table(), (table, list) -> with(list, matcher));
        } else if (matcher.eventType() != null) {
            byEventType.compute(matcher.eventType(), (type, list) -> with(list, matcher));
        } else {
            synchronized (this) {
                byPrefix = with(byPrefix, matcher);
            }
        }
    }

    void remove(SubscriptionMatcher matcher) {
        if (matcher.table() != null) {
            byTable.computeIfPresent(matcher.table(), (table, list) -> without(list, matcher));
        } else if (matcher.eventType() != null) {
            byEventType.computeIfPresent(matcher.eventType(), (type, list) -> without(list, matcher));
        } else {
            synchronized (this) {
                byPrefix = without(byPrefix, matcher);
            }
        }
    }

    void forEachMatch(EventEnvelope event, Consumer<Subscription> action) {
        String table = event.table();
        if (table != null) {
            matchAll(byTable.get(table), event, action);
        }
        matchAll(byEventType.get(event.type()), event, action);
        matchAll(byPrefix, event, action);
    }

    private static void matchAll(List<SubscriptionMatcher> candidates, EventEnvelope event,
            Consumer<Subscription> action) {
        if (candidates == null) {
            return;
        }
        for (SubscriptionMatcher candidate : candidates) {
            if (candidate.matches(event)) {
                action.accept(candidate.subscription());
            }
        }
    }

    private static List<SubscriptionMatcher> with(List<SubscriptionMatcher> list, SubscriptionMatcher matcher) {
        List<SubscriptionMatcher> copy = list == null ? new ArrayList<>() : new ArrayList<>(list);
        copy.add(matcher);
        return List.copyOf(copy);
    }

    private static List<SubscriptionMatcher> without(List<SubscriptionMatcher> list, SubscriptionMatcher matcher) {
        List<SubscriptionMatcher> copy = new ArrayList<>(list);
        copy.remove(matcher);
        return copy.isEmpty() ? null : List.copyOf(copy);
    }
}
