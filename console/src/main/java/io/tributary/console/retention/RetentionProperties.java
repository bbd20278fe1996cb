package io.tributary.console.retention;

import io.tributary.model.config.ConfigurationProblems;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the ledger keeps what, under {@code tributary.console.retention}, validated at start (every problem at
 * once, each with its full key).
 *
 * @param history        how long events, deliveries, attempts and dead letters stay in the ledger (default 30 days)
 * @param payloads       how long an event's data and an attempt's response excerpt stay; after that the row stays,
 *                       the payload goes (default 30 days, at most {@code history})
 * @param tenantPayloads per tenant, a {@code payloads} of its own ({@code tenant-payloads.acme=P7D})
 * @param sweepInterval  how often the retention runs (default hourly)
 * @param batch          rows deleted or cleared per statement, so that a sweep never holds long locks
 */
@ConfigurationProperties("tributary.console.retention")
public record RetentionProperties(@DefaultValue("P30D") Duration history, @DefaultValue("P30D") Duration payloads,
        Map<String, Duration> tenantPayloads, @DefaultValue("PT1H") Duration sweepInterval,
        @DefaultValue("10000") int batch) {

    static final Duration MAX_HISTORY = Duration.ofDays(3650);

    public RetentionProperties {
        tenantPayloads = tenantPayloads == null ? Map.of() : Map.copyOf(new TreeMap<>(tenantPayloads));
        ConfigurationProblems problems = new ConfigurationProblems("console", "tributary.console.retention");
        problems.range("history", history, Duration.ofHours(1), MAX_HISTORY);
        problems.range("payloads", payloads, Duration.ofMinutes(1), history == null ? MAX_HISTORY : history);
        new TreeMap<>(tenantPayloads).forEach((tenant, keep) -> problems.range("tenant-payloads." + tenant, keep,
                Duration.ofMinutes(1), history == null ? MAX_HISTORY : history));
        problems.range("sweep-interval", sweepInterval, Duration.ofSeconds(1), Duration.ofDays(1));
        problems.range("batch", batch, 100, 1_000_000);
        problems.throwIfAny();
    }

    /** How long the payloads of {@code tenant}'s records stay. */
    public Duration payloadsOf(String tenant) {
        return tenant == null ? payloads : tenantPayloads.getOrDefault(tenant, payloads);
    }
}
