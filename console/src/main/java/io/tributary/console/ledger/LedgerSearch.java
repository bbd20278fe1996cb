package io.tributary.console.ledger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /** Attempts matching the query, each with the dimensions it was recorded with. */
    public Page attempts(LedgerQuery query) {
        Where where = new Where("x");
        where.eq("x.tenant", query.tenant());
        where.eq("x.subscription_id", query.subscription());
        where.eq("x.delivery_id", query.deliveryId());
        where.eq("x.event_id", query.eventId());
        where.eq("x.record_id", query.recordId());
        where.eq("x.table_name", query.table());
        where.eq("x.endpoint_host", query.endpoint());
        where.type("x.event_type", query.type());
        where.eq("x.outcome", query.outcome());
        if (query.status() != null) {
            where.add("x.http_status = ?", query.status());
        }
        if (query.statusClass() != null) {
            where.add("x.http_status BETWEEN ? AND ?", query.statusClass() * 100, query.statusClass() * 100 + 99);
        }
        where.time(query);
        where.eventFilter(query.filter());
        String sql = "SELECT x.* FROM " + S + "attempts x" + where.sql(query);
        return page(sql, where, query, LedgerSearch::attempt);
    }

    private static void attempt(ResultSet rs, ObjectNode item) throws SQLException {
        item.put("deliveryId", rs.getString("delivery_id"));
        item.put("attempt", rs.getInt("attempt"));
        item.put("outcome", rs.getString("outcome"));
        item.put("httpStatus", rs.getInt("http_status"));
        item.put("latencyMs", rs.getLong("latency_ms"));
        item.put("error", rs.getString("error"));
        item.put("responseBody", rs.getString("response_body"));
        item.put("tenant", rs.getString("tenant"));
        item.put("subscriptionId", rs.getString("subscription_id"));
        item.put("subscriptionName", rs.getString("subscription_name"));
        item.put("eventId", rs.getString("event_id"));
        item.put("eventType", rs.getString("event_type"));
        item.put("table", rs.getString("table_name"));
        item.put("recordId", rs.getString("record_id"));
        item.put("recordKey", rs.getString("record_key"));
        item.put("endpointHost", rs.getString("endpoint_host"));
    }

    /**
     * One delivery in full: what it was routed with (secrets masked), where its record is, its event, and every
     * attempt oldest first; empty when the ledger has neither the delivery nor an attempt of it.
     */
    public Optional<ObjectNode> delivery(String deliveryId) {
        List<ObjectNode> attempts = jdbc.query("SELECT x.* FROM " + S + "attempts x WHERE x.delivery_id = ?"
                + " ORDER BY x.at, x.attempt, x.seq", (rs, n) -> {
                    ObjectNode item = Json.mapper().createObjectNode();
                    item.put("time", rs.getObject("at", OffsetDateTime.class).toInstant().toString());
                    attempt(rs, item);
                    return item;
                }, deliveryId);
        List<ObjectNode> found = jdbc.query("SELECT d.*, e.data, e.source FROM " + S + "deliveries d LEFT JOIN " + S
                + "events e ON e.event_id = d.event_id WHERE d.delivery_id = ?", (rs, n) -> {
                    ObjectNode item = Json.mapper().createObjectNode();
                    item.put("deliveryId", rs.getString("delivery_id"));
                    item.put("time", rs.getObject("at", OffsetDateTime.class).toInstant().toString());
                    item.put("eventId", rs.getString("event_id"));
                    item.put("subscriptionId", rs.getString("subscription_id"));
                    item.put("subscriptionName", rs.getString("subscription_name"));
                    item.put("tenant", rs.getString("tenant"));
                    item.put("handlerType", rs.getString("handler_type"));
                    item.put("endpointHost", rs.getString("endpoint_host"));
                    item.put("eventType", rs.getString("event_type"));
                    item.put("source", rs.getString("source"));
                    item.put("table", rs.getString("table_name"));
                    item.put("recordId", rs.getString("record_id"));
                    item.put("recordKey", rs.getString("record_key"));
                    String config = rs.getString("subscription_config");
                    item.set("subscriptionConfig", config == null ? null : Json.parse(config));
                    if (rs.getString("kafka_topic") != null) {
                        ObjectNode record = item.putObject("record");
                        record.put("topic", rs.getString("kafka_topic"));
                        record.put("partition", rs.getInt("kafka_partition"));
                        record.put("offset", rs.getLong("kafka_offset"));
                    }
                    String data = rs.getString("data");
                    item.set("data", data == null ? null : Json.parse(data));
                    return item;
                }, deliveryId);
        if (found.isEmpty() && attempts.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode delivery;
        if (found.isEmpty()) {
            // Only attempts are in the ledger (the delivery's record was not read): they say what it was.
            ObjectNode first = attempts.get(0);
            delivery = Json.mapper().createObjectNode();
            for (String field : List.of("deliveryId", "time", "eventId", "subscriptionId", "subscriptionName",
                    "tenant", "endpointHost", "eventType", "table", "recordId", "recordKey")) {
                delivery.set(field, first.get(field));
            }
        } else {
            delivery = found.get(0);
        }
        ArrayNode list = delivery.putArray("attempts");
        attempts.forEach(list::add);
        return Optional.of(delivery);
    }

    /** Where a dead letter is: its topic, partition and offset. */
    public record Position(String topic, int partition, long offset) {
    }

    /** The most dead letters one redrive of a filter takes. */
    public static final int MAX_REDRIVE = 100_000;

    /**
     * Every dead letter matching the query (its limit and cursor ignored), oldest first, at most
     * {@link #MAX_REDRIVE}: what a redrive of the whole filter sends.
     */
    public List<Position> deadLetterPositions(LedgerQuery query) {
        LedgerQuery all = new LedgerQuery(query.tenant(), query.subscription(), query.deliveryId(), query.eventId(),
                query.recordId(), query.table(), query.type(), query.endpoint(), query.handlerType(), query.outcome(),
                query.status(), query.statusClass(), query.topic(), query.reasonCode(), query.from(), query.to(),
                query.filter(), MAX_REDRIVE, null);
        Where where = deadLetterWhere(all);
        List<Object> parameters = where.parameters(all);
        parameters.set(parameters.size() - 1, MAX_REDRIVE);
        List<Position> positions = new ArrayList<>(jdbc.query("SELECT x.topic, x.kafka_partition, x.kafka_offset FROM "
                + S + "dead_letters x" + where.sql(all), (rs, n) -> new Position(rs.getString(1), rs.getInt(2),
                rs.getLong(3)), parameters.toArray()));
        java.util.Collections.reverse(positions);
        return positions;
    }

    /** Dead letters matching the query, with their provenance. */
    public Page deadLetters(LedgerQuery query) {
        Where where = deadLetterWhere(query);
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

    private static Where deadLetterWhere(LedgerQuery query) {
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
        return where;
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
