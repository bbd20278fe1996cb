package io.tributary.console.tail;

import io.tributary.console.ledger.LedgerQuery;
import io.tributary.console.ledger.LedgerRows;
import io.tributary.console.ledger.LedgerRows.EventRow;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.filter.Filter;
import io.tributary.model.filter.FilterCompiler;
import io.tributary.model.filter.Where;
import io.tributary.model.filter.WhereCompiler;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An event search's conditions tested on one stored event, as the ledger's search tests them in SQL: tenant, event
 * id, record id and table exactly, the type exactly or as {@code prefix.*}, the time range {@code [from, to)}, the
 * {@code filter} with the model's containment matcher (the one subscriptions use, which answers as PostgreSQL's
 * {@code @>}) and the {@code where} with the model's compiled where. Immutable; thread-safe.
 */
final class TailFilter implements Predicate<EventRow> {

    private final LedgerQuery query;
    private final Filter filter;
    private final Where where;

    TailFilter(LedgerQuery query) {
        this.query = query;
        this.filter = query.filter() == null ? null : FilterCompiler.compile(Json.parse(query.filter()));
        this.where = query.where() == null ? null : WhereCompiler.compile(Json.parse(query.where()));
    }

    /**
     * A stored event as the tails test it: its filter subject and envelope parsed once, when a tail first needs
     * them, for every tail that tests it. Not thread-safe; one per event per batch.
     */
    static final class Stored {
        final EventRow row;
        private Object subject;
        private Object envelope;

        Stored(EventRow row) {
            this.row = row;
        }

        com.fasterxml.jackson.databind.JsonNode subject() {
            if (subject == null) {
                subject = row.subject() == null ? Boolean.FALSE : Json.parse(row.subject());
            }
            return subject instanceof com.fasterxml.jackson.databind.JsonNode node ? node : null;
        }

        EventEnvelope envelope() {
            if (envelope == null) {
                EventEnvelope event = LedgerRows.envelope(row.eventId(), row.attributes(), row.data(), row.source(),
                        row.type(), row.tenant(), row.at());
                envelope = event == null ? Boolean.FALSE : event;
            }
            return envelope instanceof EventEnvelope event ? event : null;
        }
    }

    @Override
    public boolean test(EventRow row) {
        return test(new Stored(row));
    }

    /** Whether the search matches the stored event. */
    boolean test(Stored stored) {
        EventRow row = stored.row;
        if (!same(query.tenant(), row.tenant()) || !same(query.eventId(), row.eventId())
                || !same(query.recordId(), row.recordId()) || !same(query.table(), row.table())
                || !type(row.type())) {
            return false;
        }
        if (query.from() != null && row.at().isBefore(query.from())
                || query.to() != null && !row.at().isBefore(query.to())) {
            return false;
        }
        if (filter != null && (stored.subject() == null || !filter.test(stored.subject()))) {
            return false;
        }
        if (where != null) {
            EventEnvelope event = stored.envelope();
            return event != null && where.test(event);
        }
        return true;
    }

    private static boolean same(String wanted, String value) {
        return wanted == null || Objects.equals(wanted, value);
    }

    private boolean type(String type) {
        String wanted = query.type();
        if (wanted == null) {
            return true;
        }
        return wanted.endsWith(".*") ? type.startsWith(wanted.substring(0, wanted.length() - 1))
                : wanted.equals(type);
    }
}
