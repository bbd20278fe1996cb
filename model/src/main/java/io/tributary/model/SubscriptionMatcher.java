package io.tributary.model;

import io.tributary.model.filter.Filter;
import io.tributary.model.filter.FilterCompiler;
import io.tributary.model.filter.Where;
import io.tributary.model.filter.WhereCompiler;
import java.util.Set;

/**
 * A subscription compiled once for matching: decides whether an event reaches it, by the rules of docs/design.md in
 * this order, cheapest first: active, tenant (a tenant-scoped subscription sees only its tenant's events, a global
 * one sees all, an event without a tenant never reaches a tenant-scoped subscription), selection ({@code table},
 * optionally {@code schema.table}, or {@code eventType} exact, {@code prefix.*} or {@code *}), {@code operations},
 * {@code filter} (containment in {@link EventEnvelope#filterSubject()}) and {@code where}. Immutable and
 * thread-safe; the router's index and every tool use this one evaluator.
 */
public final class SubscriptionMatcher {

    private final Subscription subscription;
    private final String schema;
    private final String table;
    private final String eventType;
    private final String eventTypePrefix;
    private final Set<Operation> operations;
    private final Filter filter;
    private final Where where;

    private SubscriptionMatcher(Subscription subscription) {
        this.subscription = subscription;
        if (subscription.table() != null) {
            int dot = subscription.table().indexOf('.');
            this.schema = dot < 0 ? null : subscription.table().substring(0, dot);
            this.table = dot < 0 ? subscription.table() : subscription.table().substring(dot + 1);
        } else {
            this.schema = null;
            this.table = null;
        }
        String type = subscription.eventType();
        if (type != null && type.endsWith("*")) {
            this.eventType = null;
            this.eventTypePrefix = type.substring(0, type.length() - 1);
        } else {
            this.eventType = type;
            this.eventTypePrefix = null;
        }
        this.operations = subscription.operations();
        this.filter = FilterCompiler.compile(subscription.filter());
        this.where = WhereCompiler.compile(subscription.where());
    }

    /** Compiles a valid subscription. */
    public static SubscriptionMatcher compile(Subscription subscription) {
        return new SubscriptionMatcher(subscription);
    }

    public Subscription subscription() {
        return subscription;
    }

    /** The table this subscription selects (without schema), or {@code null} for an event-type subscription. */
    public String table() {
        return table;
    }

    /** The exact event type selected, or {@code null} for a table or prefix subscription. */
    public String eventType() {
        return eventType;
    }

    /** The event type prefix selected ({@code invoice.} for {@code invoice.*}, empty for {@code *}), or null. */
    public String eventTypePrefix() {
        return eventTypePrefix;
    }

    /** Whether the event reaches this subscription. */
    public boolean matches(EventEnvelope event) {
        return subscription.active() && selects(event) && filter.test(event.filterSubject())
                && (where == Where.ALWAYS || where.test(event));
    }

    /** Tenant, selection and operation, without filter and where. */
    public boolean selects(EventEnvelope event) {
        if (subscription.tenant() != null && !subscription.tenant().equals(event.tenant())) {
            return false;
        }
        if (table != null) {
            Operation operation = event.operation();
            return operation != null && operations.contains(operation) && table.equals(event.table())
                    && (schema == null || schema.equals(event.schema()));
        }
        if (eventType != null) {
            return eventType.equals(event.type());
        }
        return event.type().startsWith(eventTypePrefix);
    }
}
