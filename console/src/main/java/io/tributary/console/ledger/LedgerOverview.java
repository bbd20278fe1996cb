package io.tributary.console.ledger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the console's overview shows, from the ledger: the last hour's counts, success rate, p99 latency and failing
 * endpoints, the same per minute for its chart, and the dead letters per topic. Every value reaches SQL as a bound parameter. Thread-safe.
 */
public final class LedgerOverview {

    private static final String S = LedgerWriter.SCHEMA + ".";

    private final JdbcTemplate jdbc;

    public LedgerOverview(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The dead-letter topics the ledger has seen, each with its number of dead letters, by name. */
    public Map<String, Long> deadLetterTopics() {
        Map<String, Long> topics = new LinkedHashMap<>();
        jdbc.query("SELECT topic, count(*) FROM " + S + "dead_letters GROUP BY topic ORDER BY topic",
                (ResultSet rs) -> {
                    topics.put(rs.getString(1), rs.getLong(2));
                });
        return topics;
    }

    /**
     * The last hour up to {@code now}: events, deliveries and dead letters, attempts by outcome, the success rate
     * (delivered attempts of all attempts), the p99 latency of answered attempts, and the endpoints with the
     * most failed attempts.
     */
    public ObjectNode overview(Instant now) {
        OffsetDateTime to = LedgerWriter.utc(now);
        OffsetDateTime from = LedgerWriter.utc(now.minus(Duration.ofHours(1)));
        ObjectNode overview = Json.mapper().createObjectNode();
        overview.put("from", from.toInstant().toString());
        overview.put("to", to.toInstant().toString());
        for (String table : List.of("events", "deliveries", "dead_letters")) {
            overview.put(table.equals("dead_letters") ? "deadLetters" : table, jdbc.queryForObject("SELECT count(*)"
                    + " FROM " + S + table + " WHERE at >= ? AND at < ?", Long.class, from, to));
        }
        ObjectNode outcomes = overview.putObject("attempts");
        long[] totals = new long[2];
        jdbc.query("SELECT outcome, count(*) FROM " + S + "attempts WHERE at >= ? AND at < ? GROUP BY outcome"
                + " ORDER BY outcome", (ResultSet rs) -> {
                    outcomes.put(rs.getString(1), rs.getLong(2));
                    totals[0] += rs.getLong(2);
                    if ("DELIVERED".equals(rs.getString(1))) {
                        totals[1] += rs.getLong(2);
                    }
                }, from, to);
        if (totals[0] == 0) {
            overview.putNull("successRate");
        } else {
            overview.put("successRate", Math.round(10_000.0 * totals[1] / totals[0]) / 10_000.0);
        }
        Long p99 = jdbc.queryForObject("SELECT CAST(percentile_disc(0.99) WITHIN GROUP (ORDER BY latency_ms) AS bigint)"
                + " FROM " + S + "attempts WHERE at >= ? AND at < ? AND http_status > 0", Long.class, from, to);
        overview.put("p99LatencyMs", p99);
        overview.set("perMinute", perMinute(now, 60));
        ArrayNode failing = overview.putArray("failingEndpoints");
        jdbc.query("SELECT endpoint_host, count(*) FILTER (WHERE outcome <> 'DELIVERED') AS failed, count(*) AS total"
                + " FROM " + S + "attempts WHERE at >= ? AND at < ? AND endpoint_host IS NOT NULL GROUP BY endpoint_host"
                + " HAVING count(*) FILTER (WHERE outcome <> 'DELIVERED') > 0 ORDER BY failed DESC, endpoint_host"
                + " LIMIT 10", (ResultSet rs) -> {
                    failing.addObject().put("endpointHost", rs.getString(1)).put("failed", rs.getLong(2))
                            .put("attempts", rs.getLong(3));
                }, from, to);
        return overview;
    }

    /**
     * The last {@code minutes} minutes up to {@code now}, one point per minute, oldest first, the current minute
     * last: events and deliveries per second, the success rate of the minute's attempts (null without attempts) and
     * the p99 latency of its answered attempts (null without any). A minute without records has zero rates.
     */
    public ArrayNode perMinute(Instant now, int minutes) {
        if (minutes < 1 || minutes > 24 * 60) {
            throw new IllegalArgumentException("minutes must be from 1 to 1440, got " + minutes);
        }
        long last = Math.floorDiv(now.getEpochSecond(), 60);
        long first = last - minutes + 1;
        OffsetDateTime from = LedgerWriter.utc(Instant.ofEpochSecond(first * 60));
        OffsetDateTime to = LedgerWriter.utc(now);
        String minute = "CAST(floor(extract(epoch FROM at) / 60) AS bigint)";
        Map<Long, long[]> counts = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            int column = i;
            jdbc.query("SELECT " + minute + ", count(*) FROM " + S + (i == 0 ? "events" : "deliveries")
                    + " WHERE at >= ? AND at < ? GROUP BY 1", (ResultSet rs) -> {
                        counts.computeIfAbsent(rs.getLong(1), m -> new long[] {0, 0, 0, 0, -1})[column] = rs.getLong(2);
                    }, from, to);
        }
        jdbc.query("SELECT " + minute + ", count(*), count(*) FILTER (WHERE outcome = 'DELIVERED'),"
                + " CAST(percentile_disc(0.99) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE http_status > 0)"
                + " AS bigint) FROM " + S + "attempts WHERE at >= ? AND at < ? GROUP BY 1", (ResultSet rs) -> {
                    long[] point = counts.computeIfAbsent(rs.getLong(1), m -> new long[] {0, 0, 0, 0, -1});
                    point[2] = rs.getLong(2);
                    point[3] = rs.getLong(3);
                    long p99 = rs.getLong(4);
                    point[4] = rs.wasNull() ? -1 : p99;
                }, from, to);
        ArrayNode points = Json.mapper().createArrayNode();
        for (long m = first; m <= last; m++) {
            long[] point = counts.getOrDefault(m, new long[] {0, 0, 0, 0, -1});
            // the current minute has lasted only until now
            double seconds = m == last ? Math.max(1, now.getEpochSecond() - m * 60) : 60;
            ObjectNode json = points.addObject().put("minute", Instant.ofEpochSecond(m * 60).toString())
                    .put("events", point[0]).put("deliveries", point[1])
                    .put("eventsPerSecond", Math.round(100 * point[0] / seconds) / 100.0)
                    .put("deliveriesPerSecond", Math.round(100 * point[1] / seconds) / 100.0);
            if (point[2] == 0) {
                json.putNull("successRate");
            } else {
                json.put("successRate", Math.round(10_000.0 * point[3] / point[2]) / 10_000.0);
            }
            if (point[4] < 0) {
                json.putNull("p99LatencyMs");
            } else {
                json.put("p99LatencyMs", point[4]);
            }
        }
        return points;
    }
}
