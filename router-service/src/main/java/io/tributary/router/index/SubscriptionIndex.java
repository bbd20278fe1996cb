package io.tributary.router.index;

import io.tributary.model.EventEnvelope;
import io.tributary.model.Subscription;
import io.tributary.model.SubscriptionMatcher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The subscriptions the router knows, indexed so that an event only evaluates the filters of its candidates: by
 * tenant (the event's own and the global ones), then by table for row changes and by exact event type, plus the
 * few prefix ({@code invoice.*}) subscriptions of that tenant. Matching cost grows with the number of candidates,
 * not with the number of subscriptions.
 *
 * <p>Thread-safe: one thread (the Streams global thread) changes it while stream threads read it; readers see
 * each bucket either before or after a change.
 */
public final class SubscriptionIndex {

    private static final String GLOBAL = "\u0000global";

    private final Map<String, SubscriptionMatcher> byId = new ConcurrentHashMap<>();
    private final Map<String, TenantBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, QuarantinedSubscription> quarantine = new ConcurrentHashMap<>();

    /** Adds or replaces a valid subscription and lifts any quarantine of its id. */
    public void upsert(Subscription subscription) {
        SubscriptionMatcher matcher = SubscriptionMatcher.compile(subscription);
        remove(subscription.id());
        byId.put(subscription.id(), matcher);
        buckets.computeIfAbsent(tenantKey(subscription.tenant()), key -> new TenantBucket()).add(matcher);
    }

    /** Removes a subscription (a tombstone) and any quarantine of its id. */
    public void remove(String id) {
        quarantine.remove(id);
        SubscriptionMatcher old = byId.remove(id);
        if (old != null) {
            TenantBucket bucket = buckets.get(tenantKey(old.subscription().tenant()));
            if (bucket != null) {
                bucket.remove(old);
            }
        }
    }

    /**
     * Puts a subscription record that cannot be used aside, and stops matching any earlier version of it. Returns
     * false when the same record (reason and preview) was in quarantine already: read again, as on a restart.
     */
    public boolean quarantine(QuarantinedSubscription record) {
        QuarantinedSubscription before = quarantine.get(record.id());
        remove(record.id());
        quarantine.put(record.id(), record);
        return before == null || !before.reason().equals(record.reason()) || !before.preview().equals(record.preview());
    }

    /** The subscriptions the event reaches, in no particular order. */
    public void forEachMatch(EventEnvelope event, Consumer<Subscription> action) {
        if (event.tenant() != null) {
            TenantBucket own = buckets.get(event.tenant());
            if (own != null) {
                own.forEachMatch(event, action);
            }
        }
        TenantBucket global = buckets.get(GLOBAL);
        if (global != null) {
            global.forEachMatch(event, action);
        }
    }

    /** The subscriptions the event reaches. */
    public List<Subscription> matches(EventEnvelope event) {
        List<Subscription> matches = new ArrayList<>();
        forEachMatch(event, matches::add);
        return matches;
    }

    public Subscription get(String id) {
        SubscriptionMatcher matcher = byId.get(id);
        return matcher == null ? null : matcher.subscription();
    }

    /** Every valid subscription, in no particular order. */
    public List<Subscription> all() {
        return byId.values().stream().map(SubscriptionMatcher::subscription).toList();
    }

    public int size() {
        return byId.size();
    }

    public Collection<QuarantinedSubscription> quarantined() {
        return List.copyOf(quarantine.values());
    }

    private static String tenantKey(String tenant) {
        return tenant == null ? GLOBAL : tenant;
    }
}
