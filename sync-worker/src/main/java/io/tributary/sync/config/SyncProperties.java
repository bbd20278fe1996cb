package io.tributary.sync.config;

import io.tributary.handler.RetrySchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sync-worker's settings under {@code tributary.sync}. Targets are named; a {@code SYNC} subscription picks
 * one with {@code config.target}. Credentials live here, never in subscriptions. Invalid values fail start-up,
 * all listed at once.
 *
 * @param enabled      whether this process consumes
 * @param topicPrefix  the prefix of Tributary's topics
 * @param groupId      the consumer group; workers with the same group share the partitions
 * @param concurrency  consumer threads per topic
 * @param handlerTypes the handler types consumed ({@code SYNC}, and e.g. {@code SEARCH} bound to an http target)
 * @param database     the database holding {@code external_integration_mapping}, and the source of current rows
 * @param retry        the retry schedule
 * @param targets      the targets by name
 */
@ConfigurationProperties("tributary.sync")
public record SyncProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("tributary") String topicPrefix,
        @DefaultValue("tributary-sync-worker") String groupId,
        @DefaultValue("2") int concurrency,
        @DefaultValue("SYNC") List<String> handlerTypes,
        Database database,
        Retry retry,
        Map<String, Target> targets) {

    public SyncProperties {
        targets = targets == null ? Map.of() : Map.copyOf(targets);
        retry = retry == null ? new Retry(8, Duration.ofSeconds(5), 3.0, Duration.ofHours(1)) : retry;
        List<String> problems = new ArrayList<>();
        targets.forEach((name, target) -> problems.addAll(target.problems("tributary.sync.targets." + name)));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid sync configuration: " + String.join("; ", problems));
        }
    }

    /** A database by JDBC URL. */
    public record Database(String url, String user, String password) {
    }

    /** The retry schedule: attempts in all, the first wait, its growth and the longest wait. */
    public record Retry(@DefaultValue("8") int maxAttempts, @DefaultValue("PT5S") Duration initialInterval,
            @DefaultValue("3.0") double multiplier, @DefaultValue("PT1H") Duration maxInterval) {

        public RetrySchedule schedule() {
            return new RetrySchedule(maxAttempts, initialInterval, multiplier, maxInterval);
        }
    }

    /**
     * A target system.
     *
     * @param provider        {@code jdbc} or {@code http}
     * @param mapping         target field to event path ({@code new.email}, {@code tenant}, {@code recordId}, ...)
     * @param fetchCurrentRow read the row's current state from {@code tributary.sync.database} before syncing, so a
     *                        late or replayed delivery syncs the latest state (a row that is gone is deleted)
     * @param jdbc            the table of a {@code jdbc} target
     * @param http            the endpoints of an {@code http} target
     */
    public record Target(String provider, Map<String, String> mapping, boolean fetchCurrentRow, Jdbc jdbc, Http http) {

        public Target {
            mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
        }

        List<String> problems(String prefix) {
            List<String> problems = new ArrayList<>();
            if (mapping.isEmpty()) {
                problems.add(prefix + ".mapping must name at least one field");
            }
            if ("jdbc".equals(provider)) {
                if (jdbc == null || jdbc.url() == null || jdbc.table() == null || jdbc.keyColumns().isEmpty()) {
                    problems.add(prefix + ".jdbc needs url, table and key-columns");
                } else {
                    jdbc.keyColumns().stream().filter(k -> !mapping.containsKey(k)).forEach(k -> problems.add(
                            prefix + ".mapping must map the key column " + k));
                }
            } else if ("http".equals(provider)) {
                if (http == null || http.baseUrl() == null) {
                    problems.add(prefix + ".http.base-url is required");
                }
            } else {
                problems.add(prefix + ".provider must be jdbc or http, got '" + provider + "'");
            }
            return problems;
        }
    }

    /**
     * A table in a target database: rows are upserted by their key columns and deleted with the source row.
     *
     * @param keyColumns the target table's key (a unique constraint), each mapped
     */
    public record Jdbc(String url, String user, String password, String table, List<String> keyColumns) {

        public Jdbc {
            keyColumns = keyColumns == null ? List.of() : List.copyOf(keyColumns);
        }
    }

    /**
     * A REST resource: {@code POST base-url + create-path} creates and answers the external id at
     * {@code id-pointer}; {@code PUT base-url + update-path} and {@code DELETE base-url + delete-path} address it
     * through {@code {externalId}}.
     *
     * @param headers sent with every request, such as {@code Authorization: Bearer ${ACCOUNTING_TOKEN}}
     */
    public record Http(String baseUrl, @DefaultValue("") String createPath,
            @DefaultValue("/{externalId}") String updatePath, @DefaultValue("/{externalId}") String deletePath,
            @DefaultValue("/id") String idPointer, Map<String, String> headers,
            @DefaultValue("PT10S") Duration timeout) {

        public Http {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }
    }
}
