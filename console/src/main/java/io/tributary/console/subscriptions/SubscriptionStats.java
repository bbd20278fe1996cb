package io.tributary.console.subscriptions;

import io.tributary.console.ledger.LedgerWriter;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each subscription's delivery attempts over a time window, from the ledger's attempts: how many, how many were
 * delivered, and the success rate (delivered of all, as the overview counts it). Every value reaches SQL as a bound
 * parameter. Thread-safe.
 */
public final class SubscriptionStats {

    private static final String ATTEMPTS = LedgerWriter.SCHEMA + ".attempts";

    /** A subscription's attempts in a window; {@link #successRate()} is {@code null} without any. */
    public record Rate(long attempts, long delivered) {

        public static final Rate NONE = new Rate(0, 0);

        /** Delivered attempts of all, from 0 to 1, to four places; {@code null} when there were none. */
        public Double successRate() {
            return attempts == 0 ? null : Math.round(10_000.0 * delivered / attempts) / 10_000.0;
        }

        /** The rate as a page shows it: {@code 87.5 %}, or {@code –} without attempts. */
        public String percent() {
            Double rate = successRate();
            return rate == null ? "–" : String.format(java.util.Locale.ROOT, "%.1f %%", rate * 100);
        }
    }

    private final JdbcTemplate jdbc;

    public SubscriptionStats(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every subscription's attempts from {@code from} (inclusive) to {@code to} (exclusive), by subscription id. */
    public Map<String, Rate> bySubscription(Instant from, Instant to) {
        Map<String, Rate> rates = new HashMap<>();
        jdbc.query("SELECT subscription_id, count(*), count(*) FILTER (WHERE outcome = 'DELIVERED') FROM " + ATTEMPTS
                + " WHERE at >= ? AND at < ? AND subscription_id IS NOT NULL GROUP BY subscription_id",
                (ResultSet rs) -> {
                    rates.put(rs.getString(1), new Rate(rs.getLong(2), rs.getLong(3)));
                }, utc(from), utc(to));
        return rates;
    }

    /** One subscription's attempts from {@code from} (inclusive) to {@code to} (exclusive). */
    public Rate of(String subscriptionId, Instant from, Instant to) {
        return jdbc.queryForObject("SELECT count(*), count(*) FILTER (WHERE outcome = 'DELIVERED') FROM " + ATTEMPTS
                + " WHERE subscription_id = ? AND at >= ? AND at < ?", (rs, n) -> new Rate(rs.getLong(1),
                rs.getLong(2)), subscriptionId, utc(from), utc(to));
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
