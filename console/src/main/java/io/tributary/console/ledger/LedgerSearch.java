package io.tributary.console.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.EventEnvelope;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.filter.WhereCompiler;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Searches the ledger: events, deliveries (each with its last attempt) and dead letters, newest first, paged by
 * cursor. {@code filter} is PostgreSQL's own {@code jsonb @>} on the event's filter subject, served by its GIN
 * index. Every value reaches SQL as a bound parameter.
 *
 * <p>{@code where} is evaluated by the model's own compiled {@link io.tributary.model.filter.Where}, the one the
 * router applies to subscriptions, on the envelope of each row's event, after SQL has applied every other
 * condition: its comparisons by kind (numbers spelled as strings, dates as points in time, RE2 patterns,
 * {@code $changed}) have no exact SQL equivalent, and an approximate translation would answer differently from the
 * router. What SQL can decide exactly narrows the candidates first: a top-level {@code $prefix} on the event's
 * {@code id}, {@code source}, {@code type} or {@code tenant} (a string attribute: {@code LIKE 'prefix%'} holds for
 * exactly the same rows). A search with a {@code where} reads candidates in chunks of {@value #WHERE_CHUNK}, newest first, until its
 * page is full or it has read {@value #MAX_WHERE_SCAN} rows; then it answers the matches found so far (possibly
 * fewer than its limit, possibly none) with a cursor after the last row read, so that following the cursors still
 * visits every row exactly once. Thread-safe.
 */
public final class LedgerSearch {

    /** A page of results and the cursor of the next one ({@code null} on the last page). */
    public record Page(List<ObjectNode> items, LedgerQuery.Cursor next) {
    }

    /** Candidate rows read per query of a search with a {@code where}. */
    static final int WHERE_CHUNK = 500;
    /** The most candidate rows one page of a search with a {@code where} reads before it answers with a cursor. */
    public static final int MAX_WHERE_SCAN = 10_000;
    /** The most candidate dead letters a redrive of a whole search with a {@code where} reads. */
    public static final int MAX_REDRIVE_SCAN = 1_000_000;

    private static final String S = LedgerWriter.SCHEMA + ".";
    /** The columns a row's event envelope is rebuilt from, for {@code where}; {@code alias} is an events row. */
    private static final String EVENT_COLUMNS = ", %1$s.event_id AS w_event_id, %1$s.attributes AS w_attributes,"
            + " %1$s.data AS w_data, %1$s.source AS w_source, %1$s.type AS w_type, %1$s.tenant AS w_tenant,"
            + " %1$s.at AS w_at";
    /** Joins the event of a delivery or dead letter, as {@code w}, for {@code where}. */
    private static final String EVENT_JOIN = " LEFT JOIN " + S + "events w ON w.event_id = x.event_id";

    private final JdbcTemplate jdbc;
    private final int whereChunk;
    private final int maxWhereScan;

    public LedgerSearch(JdbcTemplate jdbc) {
        this(jdbc, WHERE_CHUNK, MAX_WHERE_SCAN);
    }

    /** A search that reads {@code whereChunk} rows per query and {@code maxWhereScan} per page with a where. */
    public LedgerSearch(JdbcTemplate jdbc, int whereChunk, int maxWhereScan) {
        if (whereChunk < 1 || maxWhereScan < 1) {
            throw new IllegalArgumentException("whereChunk and maxWhereScan must be at least 1");
        }
        this.jdbc = jdbc;
        this.whereChunk = whereChunk;
        this.maxWhereScan = maxWhereScan;
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
        where.prefixes(query.where(), "x");
        String sql = "SELECT x.seq, x.at, x.event_id, x.tenant, x.type, x.source, x.table_name, x.record_id,"
                + " x.operation, x.data" + (query.where() == null ? "" : EVENT_COLUMNS.formatted("x")) + " FROM " + S
                + "events x";
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
        where.eventFilter(query.filter(), query.tenant());
        where.prefixes(query.where(), "w");
        String sql = "SELECT x.seq, x.at, x.delivery_id, x.event_id, x.subscription_id, x.subscription_name, x.tenant,"
                + " x.handler_type, x.endpoint_host, x.event_type, x.table_name, x.record_id, a.attempt, a.outcome,"
                + " a.http_status, a.latency_ms, a.at AS attempt_at, a.attempts FROM " + S + "deliveries x"
                + " LEFT JOIN LATERAL (SELECT attempt, outcome, http_status, latency_ms, at, count(*) OVER () AS attempts"
                + " FROM " + S + "attempts WHERE delivery_id = x.delivery_id ORDER BY at DESC, attempt DESC LIMIT 1) a"
                + " ON true" + (query.where() == null ? "" : EVENT_JOIN);
        if (query.where() != null) {
            sql = sql.replace(" FROM " + S + "deliveries x", EVENT_COLUMNS.formatted("w") + " FROM " + S
                    + "deliveries x");
        }
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
        where.eventFilter(query.filter(), query.tenant());
        where.prefixes(query.where(), "w");
        String sql = "SELECT x.*" + (query.where() == null ? "" : EVENT_COLUMNS.formatted("w")) + " FROM " + S
                + "attempts x" + (query.where() == null ? "" : EVENT_JOIN);
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
        String request = rs.getString("request");
        item.set("request", request == null ? null : Json.parse(request));
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

    /**
     * The envelopes of the events {@code eventIds} as they were stored (every attribute, extensions included), by
     * event id; an id the ledger does not hold, or whose stored envelope is no longer valid, is absent. One query.
     */
    public java.util.Map<String, ObjectNode> envelopes(List<String> eventIds) {
        java.util.Map<String, ObjectNode> envelopes = new java.util.LinkedHashMap<>();
        if (eventIds.isEmpty()) {
            return envelopes;
        }
        jdbc.query(connection -> {
            java.sql.PreparedStatement statement = connection.prepareStatement("SELECT event_id, attributes, data,"
                    + " source, type, tenant, at FROM " + S + "events WHERE event_id = ANY (?)");
            statement.setArray(1, connection.createArrayOf("text", eventIds.toArray()));
            return statement;
        }, (ResultSet rs) -> {
            EventEnvelope envelope = LedgerRows.envelope(rs.getString("event_id"), rs.getString("attributes"),
                    rs.getString("data"), rs.getString("source"), rs.getString("type"), rs.getString("tenant"),
                    rs.getObject("at", OffsetDateTime.class).toInstant());
            if (envelope != null) {
                envelopes.put(rs.getString("event_id"), envelope.toJson());
            }
        });
        return envelopes;
    }

    /**
     * One event in full: its envelope as it was stored (its {@code data} absent once the retention cleared it) and
     * every delivery it caused, oldest first, each with its last attempt;
     * empty when the ledger does not have the event.
     */
    public Optional<ObjectNode> event(String eventId) {
        List<ObjectNode> found = jdbc.query("SELECT x.* FROM " + S + "events x WHERE x.event_id = ?", (rs, n) -> {
            ObjectNode item = Json.mapper().createObjectNode();
            java.time.Instant at = rs.getObject("at", OffsetDateTime.class).toInstant();
            item.put("id", rs.getString("event_id"));
            item.put("time", at.toString());
            item.put("tenant", rs.getString("tenant"));
            item.put("type", rs.getString("type"));
            item.put("source", rs.getString("source"));
            item.put("table", rs.getString("table_name"));
            item.put("recordId", rs.getString("record_id"));
            item.put("operation", rs.getString("operation"));
            EventEnvelope envelope = LedgerRows.envelope(rs.getString("event_id"), rs.getString("attributes"),
                    rs.getString("data"), rs.getString("source"), rs.getString("type"), rs.getString("tenant"), at);
            item.set("envelope", envelope == null ? null : envelope.toJson());
            return item;
        }, eventId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode event = found.get(0);
        ArrayNode deliveries = event.putArray("deliveries");
        LedgerQuery caused = new LedgerQuery(null, null, null, eventId, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, MAX_EVENT_DELIVERIES, null);
        List<ObjectNode> newestFirst = new ArrayList<>(deliveries(caused).items());
        java.util.Collections.reverse(newestFirst);
        newestFirst.forEach(deliveries::add);
        return Optional.of(event);
    }

    /** The most deliveries an event's page lists. */
    public static final int MAX_EVENT_DELIVERIES = 1000;

    /** Where a dead letter is: its topic, partition and offset. */
    public record Position(String topic, int partition, long offset) {
    }

    /** The most dead letters one redrive of a filter takes. */
    public static final int MAX_REDRIVE = 100_000;

    /**
     * Every dead letter matching the query (its limit and cursor ignored), oldest first, at most
     * {@link #MAX_REDRIVE}: what a redrive of the whole filter sends. With a {@code where}, at most
     * {@link #MAX_REDRIVE_SCAN} candidates are read; a search that has more is refused on {@code where}, since a
     * redrive of part of it would leave the rest without saying so.
     */
    public List<Position> deadLetterPositions(LedgerQuery query) {
        Where where = deadLetterWhere(query);
        String select = "SELECT x.seq, x.at, x.topic, x.kafka_partition, x.kafka_offset"
                + (query.where() == null ? "" : EVENT_COLUMNS.formatted("w")) + " FROM " + S + "dead_letters x"
                + (query.where() == null ? "" : EVENT_JOIN);
        Columns position = (rs, item) -> item.put("topic", rs.getString("topic"))
                .put("partition", rs.getInt("kafka_partition")).put("offset", rs.getLong("kafka_offset"));
        List<ObjectNode> found = new ArrayList<>();
        if (query.where() == null) {
            rows(select, where, query.page(null, MAX_REDRIVE - 1), position, false)
                    .forEach(row -> found.add(row.item()));
        } else {
            io.tributary.model.filter.Where condition = WhereCompiler.compile(Json.parse(query.where()));
            LedgerQuery.Cursor after = null;
            int scanned = 0;
            while (found.size() < MAX_REDRIVE) {
                List<Row> rows = rows(select, where, query.page(after, 999), position, true);
                for (Row row : rows) {
                    after = row.key();
                    if (row.event() != null && condition.test(row.event()) && found.size() < MAX_REDRIVE) {
                        found.add(row.item());
                    }
                }
                scanned += rows.size();
                if (rows.size() < 1000) {
                    break;
                }
                if (scanned >= MAX_REDRIVE_SCAN) {
                    throw new InvalidInputException("invalid redrive", new FieldError("where", "is tested on at"
                            + " most " + MAX_REDRIVE_SCAN + " dead letters in one redrive, and the other parameters"
                            + " select more: narrow them (topic, time range, filter)"));
                }
            }
        }
        List<Position> positions = new ArrayList<>();
        for (ObjectNode item : found) {
            positions.add(new Position(item.get("topic").asText(), item.get("partition").asInt(),
                    item.get("offset").asLong()));
        }
        java.util.Collections.reverse(positions);
        return positions;
    }

    /** Dead letters matching the query, with their provenance. */
    public Page deadLetters(LedgerQuery query) {
        Where where = deadLetterWhere(query);
        String sql = "SELECT x.*" + (query.where() == null ? "" : EVENT_COLUMNS.formatted("w")) + " FROM " + S
                + "dead_letters x" + (query.where() == null ? "" : EVENT_JOIN);
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
        where.eventFilter(query.filter(), query.tenant());
        where.prefixes(query.where(), "w");
        return where;
    }

    private interface Columns {
        void read(ResultSet rs, ObjectNode item) throws SQLException;
    }

    /** A row read: what the search answers, its position, and its event when a {@code where} needs it. */
    private record Row(ObjectNode item, LedgerQuery.Cursor key, EventEnvelope event) {
    }

    private Page page(String select, Where where, LedgerQuery query, Columns columns) {
        if (query.where() == null) {
            List<Row> rows = rows(select, where, query, columns, false);
            List<ObjectNode> items = rows.stream().limit(query.limit()).map(Row::item).toList();
            return new Page(items, rows.size() <= query.limit() ? null : rows.get(query.limit() - 1).key());
        }
        io.tributary.model.filter.Where condition = WhereCompiler.compile(Json.parse(query.where()));
        List<ObjectNode> items = new ArrayList<>();
        LedgerQuery.Cursor read = query.after();
        LedgerQuery.Cursor lastMatch = null;
        int scanned = 0;
        while (scanned < maxWhereScan) {
            int chunk = Math.min(whereChunk, maxWhereScan - scanned);
            List<Row> rows = rows(select, where, query.page(read, chunk), columns, true);
            for (Row row : rows) {
                scanned++;
                read = row.key();
                if (row.event() != null && condition.test(row.event())) {
                    if (items.size() == query.limit()) {
                        return new Page(items, lastMatch);
                    }
                    items.add(row.item());
                    lastMatch = row.key();
                }
            }
            if (rows.size() <= chunk) {
                return new Page(items, null);
            }
        }
        return new Page(items, read);
    }

    /** The rows of one query: {@code query.limit() + 1} at most, newest first. */
    private List<Row> rows(String select, Where where, LedgerQuery query, Columns columns, boolean withEvent) {
        return jdbc.query(select + where.sql(query), (rs, n) -> {
            ObjectNode item = Json.mapper().createObjectNode();
            OffsetDateTime at = rs.getObject("at", OffsetDateTime.class);
            item.put("time", at.toInstant().toString());
            columns.read(rs, item);
            EventEnvelope event = null;
            if (withEvent) {
                OffsetDateTime eventAt = rs.getObject("w_at", OffsetDateTime.class);
                event = LedgerRows.envelope(rs.getString("w_event_id"), rs.getString("w_attributes"),
                        rs.getString("w_data"), rs.getString("w_source"), rs.getString("w_type"),
                        rs.getString("w_tenant"), eventAt == null ? null : eventAt.toInstant());
            }
            return new Row(item, new LedgerQuery.Cursor(at.toInstant(), rs.getLong("seq")), event);
        }, where.parameters(query).toArray());
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
                add(column + " LIKE ? ESCAPE '\\'", likePrefix(prefix));
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
        /**
         * The row's event's filter subject contains {@code filter}. With a tenant, the event's tenant (which is the
         * row's) is named too, so that PostgreSQL can start from the events that are both the tenant's and match
         * (a BitmapAnd of the tenant and GIN indexes) instead of testing the tenant's rows one by one, newest first:
         * a rare match among a large tenant's rows (see BENCHMARKS.md, "Console ledger").
         */
        void eventFilter(String filter, String tenant) {
            if (filter != null && tenant != null) {
                add("EXISTS (SELECT 1 FROM " + S + "events e WHERE e.event_id = " + alias
                        + ".event_id AND e.subject @> ?::jsonb AND e.tenant = ?)", filter, tenant);
            } else if (filter != null) {
                add("EXISTS (SELECT 1 FROM " + S + "events e WHERE e.event_id = " + alias
                        + ".event_id AND e.subject @> ?::jsonb)", filter);
            }
        }

        /**
         * The {@code $prefix} of a where's top-level {@code id}, {@code source}, {@code type} or {@code tenant}, in
         * SQL on the events row {@code eventAlias}: a necessary condition (an event that fails it fails the where),
         * so SQL skips what the where would refuse; the where still decides every row it reads.
         */
        void prefixes(String whereJson, String eventAlias) {
            if (whereJson == null) {
                return;
            }
            JsonNode where = Json.parse(whereJson);
            Map<String, String> columns = Map.of("id", "event_id", "source", "source", "type", "type", "tenant",
                    "tenant");
            columns.forEach((path, column) -> {
                JsonNode prefix = where.path(path).path("$prefix");
                if (prefix.isTextual() && prefix.textValue().chars().noneMatch(c -> Character.isSurrogate((char) c))) {
                    add(eventAlias + "." + column + " LIKE ? ESCAPE '\\'", likePrefix(prefix.textValue()));
                }
            });
        }

        static String likePrefix(String prefix) {
            return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
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
