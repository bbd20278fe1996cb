package io.tributary.console.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Searches the ledger: events, deliveries (each with its last attempt) and dead letters, newest first, paged by
 * cursor. {@code filter} is PostgreSQL's own {@code jsonb @>} on the event's filter subject, served by its GIN
 * index. Every value reaches SQL as a bound parameter. Thread-safe.
 */
public final class LedgerSearch {

    /** A page of results and the cursor of the next one ({@code null} on the last page). */
    public record Page(List<ObjectNode> items, LedgerQuery.Cursor next) {
    }

    private static final String S = LedgerWriter.SCHEMA + ".";

    private final JdbcTemplate jdbc;

    public LedgerSearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Events matching the query. */
    public Page events(LedgerQuery query) {
        Where where = new Where("x");
        where.eq("x.tenant", query.tenant());
        where.eq("x.event_id", query.eventId());
        where.eq("x.record_id", query.recordId());
        where.eq("x.table_name", query.table());
        where.type("x.type", query.type());
        where.time(query);
        if (query.filter() != null) {
            where.add("x.subject @> ?::jsonb", query.filter());
        }
        String sql = "SELECT x.seq, x.at, x.event_id, x.tenant, x.type, x.source, x.table_name, x.record_id,"
                + " x.operation, x.data FROM " + S + "events x" + where.sql(query);
        return page(sql, where, query, (rs, item) -> {
            item.put("id", rs.getString("event_id"));
            item.put("tenant", rs.getString("tenant"));
            item.put("type", rs.getString("type"));
            item.put("source", rs.getString("source"));
            item.put("table", rs.getString("table_name"));
            item.put("recordId", rs.getString("record_id"));
            item.put("operation", rs.getString("operation"));
            String data = rs.getString("data");
            item.set("data", data == null ? null : Json.parse(data));
        });
    }

    /** Deliveries matching the query, each with its number of attempts and its last one. */
    public Page deliveries(LedgerQuery query) {
        Where where = new Where("x");
        where.eq("x.tenant", query.tenant());
        where.eq("x.subscription_id", query.subscription());
        where.eq("x.delivery_id", query.deliveryId());
        where.eq("x.event_id", query.eventId());
        where.eq("x.record_id", query.recordId());
        where.eq("x.table_name", query.table());
        where.eq("x.endpoint_host", query.endpoint());
        where.eq("x.handler_type", query.handlerType());
        where.type("x.event_type", query.type());
        where.eq("a.outcome", query.outcome());
        if (query.status() != null) {
            where.add("a.http_status = ?", query.status());
        }
        if (query.statusClass() != null) {
            where.add("a.http_status BETWEEN ? AND ?", query.statusClass() * 100, query.statusClass() * 100 + 99);
        }
        where.time(query);
        where.eventFilter(query.filter());
        String sql = "SELECT x.seq, x.at, x.delivery_id, x.event_id, x.subscription_id, x.subscription_name, x.tenant,"
                + " x.handler_type, x.endpoint_host, x.event_type, x.table_name, x.record_id, a.attempt, a.outcome,"
                + " a.http_status, a.latency_ms, a.at AS attempt_at, a.attempts FROM " + S + "deliveries x"
                + " LEFT JOIN LATERAL (SELECT attempt, outcome, http_status, latency_ms, at, count(*) OVER () AS attempts"
                + " FROM " + S + "attempts WHERE delivery_id = x.delivery_id ORDER BY at DESC, attempt DESC LIMIT 1) a"
                + " ON true" + where.sql(query);
        return page(sql, where, query, (rs, item) -> {
            item.put("deliveryId", rs.getString("delivery_id"));
            item.put("eventId", rs.getString("event_id"));
            item.put("subscriptionId", rs.getString("subscription_id"));
            item.put("subscriptionName", rs.getString("subscription_name"));
            item.put("tenant", rs.getString("tenant"));
            item.put("handlerType", rs.getString("handler_type"));
            item.put("endpointHost", rs.getString("endpoint_host"));
            item.put("eventType", rs.getString("event_type"));
            item.put("table", rs.getString("table_name"));
            item.put("recordId", rs.getString("record_id"));
            item.put("attempts", rs.getLong("attempts"));
            if (rs.getObject("attempt") == null) {
                item.putNull("lastAttempt");
            } else {
                ObjectNode last = item.putObject("lastAttempt");
                last.put("attempt", rs.getInt("attempt"));
                last.put("outcome", rs.getString("outcome"));
                last.put("httpStatus", rs.getInt("http_status"));
                last.put("latencyMs", rs.getLong("latency_ms"));
                last.put("at", rs.getObject("attempt_at", OffsetDateTime.class).toInstant().toString());
            }
        });
    }

    /** Dead letters matching the query, with their provenance. */
    public Page deadLetters(LedgerQuery query) {
        Where where = new Where("x");
        where.eq("x.tenant", query.tenant());
        where.eq("x.topic", query.topic());
        where.eq("x.subscription_id", query.subscription());
        where.eq("x.delivery_id", query.deliveryId());
        where.eq("x.event_id", query.eventId());
        where.eq("x.reason_code", query.reasonCode());
        where.type("x.event_type", query.type());
        where.time(query);
        where.eventFilter(query.filter());
        String sql = "SELECT x.* FROM " + S + "dead_letters x" + where.sql(query);
        return page(sql, where, query, (rs, item) -> {
            item.put("topic", rs.getString("topic"));
            item.put("partition", rs.getInt("kafka_partition"));
            item.put("offset", rs.getLong("kafka_offset"));
            item.put("reason", rs.getString("reason"));
            item.put("reasonCode", rs.getString("reason_code"));
            item.put("exception", rs.getString("exception"));
            item.put("lastStatus", (Integer) rs.getObject("last_status"));
            ObjectNode origin = item.putObject("original");
            origin.put("topic", rs.getString("original_topic"));
            origin.put("partition", (Integer) rs.getObject("original_partition"));
            origin.put("offset", (Long) rs.getObject("original_offset"));
            item.put("tenant", rs.getString("tenant"));
            item.put("eventId", rs.getString("event_id"));
            item.put("deliveryId", rs.getString("delivery_id"));
            item.put("subscriptionId", rs.getString("subscription_id"));
            item.put("eventType", rs.getString("event_type"));
            item.put("valueBytes", rs.getInt("value_bytes"));
        });
    }

    private interface Columns {
        void read(ResultSet rs, ObjectNode item) throws SQLException;
    }

    private Page page(String sql, Where where, LedgerQuery query, Columns columns) {
        List<Object[]> keys = new ArrayList<>();
        List<ObjectNode> items = jdbc.query(sql, (rs, n) -> {
            ObjectNode item = Json.mapper().createObjectNode();
            OffsetDateTime at = rs.getObject("at", OffsetDateTime.class);
            item.put("time", at.toInstant().toString());
            columns.read(rs, item);
            keys.add(new Object[] {at.toInstant(), rs.getLong("seq")});
            return item;
        }, where.parameters(query).toArray());
        if (items.size() <= query.limit()) {
            return new Page(items, null);
        }
        Object[] last = keys.get(query.limit() - 1);
        return new Page(items.subList(0, query.limit()),
                new LedgerQuery.Cursor((java.time.Instant) last[0], (Long) last[1]));
    }

    /** The conditions of one search and their parameters, in order. */
    private static final class Where {

        private final String alias;
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> parameters = new ArrayList<>();

        Where(String alias) {
            this.alias = alias;
        }

        void add(String condition, Object... values) {
            conditions.add(condition);
            parameters.addAll(List.of(values));
        }

        void eq(String column, String value) {
            if (value != null) {
                add(column + " = ?", value);
            }
        }

        /** An exact type, or {@code prefix.*}: every type that starts with {@code prefix.}. */
        void type(String column, String type) {
            if (type == null) {
                return;
            }
            if (type.endsWith(".*")) {
                String prefix = type.substring(0, type.length() - 1);
                add(column + " LIKE ? ESCAPE '\\'", prefix.replace("\\", "\\\\").replace("%", "\\%")
                        .replace("_", "\\_") + "%");
            } else {
                add(column + " = ?", type);
            }
        }

        void time(LedgerQuery query) {
            if (query.from() != null) {
                add(alias + ".at >= ?", LedgerWriter.utc(query.from()));
            }
            if (query.to() != null) {
                add(alias + ".at < ?", LedgerWriter.utc(query.to()));
            }
        }

        /** The event of the row contains the filter: the same {@code @>} as on events, through its index. */
        void eventFilter(String filter) {
            if (filter != null) {
                add("EXISTS (SELECT 1 FROM " + S + "events e WHERE e.event_id = " + alias
                        + ".event_id AND e.subject @> ?::jsonb)", filter);
            }
        }

        String sql(LedgerQuery query) {
            List<String> all = new ArrayList<>(conditions);
            if (query.after() != null) {
                all.add("(" + alias + ".at, " + alias + ".seq) < (?, ?)");
            }
            return (all.isEmpty() ? "" : " WHERE " + String.join(" AND ", all)) + " ORDER BY " + alias + ".at DESC, "
                    + alias + ".seq DESC LIMIT ?";
        }

        List<Object> parameters(LedgerQuery query) {
            List<Object> all = new ArrayList<>(parameters);
            if (query.after() != null) {
                all.add(LedgerWriter.utc(query.after().at()));
                all.add(query.after().seq());
            }
            all.add(query.limit() + 1);
            return all;
        }
    }
}
