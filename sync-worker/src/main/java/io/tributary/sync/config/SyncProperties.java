package io.tributary.sync.config;

import io.tributary.handler.RetryProperties;
import io.tributary.handler.RetrySchedule;
import io.tributary.model.config.ConfigurationProblems;
import io.tributary.model.filter.EventPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sync-worker's settings under {@code tributary.sync}. Targets are named; a {@code SYNC} subscription picks
 * one with {@code config.target}. Credentials live here, never in subscriptions. Invalid values fail start-up,
 * every one listed at once with its full key, value and reason ({@link ConfigurationProblems}); the listener's
 * group and concurrency are read from here.
 *
 * @param enabled      whether this process consumes
 * @param topicPrefix  the prefix of Tributary's topics
 * @param groupId      the consumer group; workers with the same group share the partitions
 * @param concurrency  consumer threads per topic
 * @param handlerTypes the handler types consumed ({@code SYNC}, and e.g. {@code SEARCH} bound to an http target)
 * @param database     the database holding {@code external_integration_mapping}, and the source of current rows
 * @param retry        the retry schedule; settings not given from {@link #DEFAULT_RETRY}
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
        RetryProperties retry,
        Map<String, Target> targets) {

    public SyncProperties {
        handlerTypes = handlerTypes == null ? List.of() : List.copyOf(handlerTypes);
        targets = targets == null ? Map.of() : Map.copyOf(targets);
        retry = RetryProperties.orDefaults(retry, DEFAULT_RETRY);
        ConfigurationProblems problems = new ConfigurationProblems("sync", "tributary.sync");
        problems.topicPrefix("topic-prefix", topicPrefix);
        problems.notBlank("group-id", groupId);
        problems.atLeast("concurrency", concurrency, 1);
        problems.check(!handlerTypes.isEmpty(), "handler-types", handlerTypes, "must name at least one handler type");
        for (int i = 0; i < handlerTypes.size(); i++) {
            problems.matches("handler-types[" + i + "]", handlerTypes.get(i), HANDLER_TYPE,
                    "a handler type such as SYNC: letters, digits and _ starting with a letter");
        }
        problems.check(!enabled || database != null && database.url() != null && !database.url().isBlank(),
                "database.url", database == null ? null : database.url(), "is required (the database holding"
                        + " external_integration_mapping and the source rows)");
        retry.check(problems.nested("retry"));
        new java.util.TreeMap<>(targets).forEach((name, target) -> target.check(problems.nested("targets." + name)));
        problems.throwIfAny();
    }

    /** The schedule of the settings {@code tributary.sync.retry.*} does not give. */
    public static final RetrySchedule DEFAULT_RETRY = new RetrySchedule(8, Duration.ofSeconds(5), 3.0,
            Duration.ofHours(1));

    private static final java.util.regex.Pattern HANDLER_TYPE = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /** A database by JDBC URL. */
    public record Database(String url, String user, String password) {
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

        void check(ConfigurationProblems problems) {
            problems.check(!mapping.isEmpty(), "mapping", mapping, "must name at least one field");
            new java.util.TreeMap<>(mapping).forEach((field, path) -> {
                String reason = path == null ? "must be a path such as new.email" : null;
                try {
                    if (path != null) {
                        EventPath.of(path);
                    }
                } catch (IllegalArgumentException e) {
                    reason = e.getMessage();
                }
                problems.check(reason == null, "mapping." + field, path, String.valueOf(reason));
            });
            if ("jdbc".equals(provider)) {
                ConfigurationProblems table = problems.nested("jdbc");
                table.notBlank("url", jdbc == null ? null : jdbc.url());
                table.notBlank("table", jdbc == null ? null : jdbc.table());
                table.check(jdbc != null && !jdbc.keyColumns().isEmpty(), "key-columns",
                        jdbc == null ? null : jdbc.keyColumns(), "must name the target table's key columns");
                if (jdbc != null) {
                    jdbc.keyColumns().stream().filter(k -> !mapping.containsKey(k)).forEach(k -> problems.check(false,
                            "mapping." + k, null, "must map the key column " + k + " of jdbc.key-columns"));
                }
            } else if ("http".equals(provider)) {
                ConfigurationProblems resource = problems.nested("http");
                resource.notBlank("base-url", http == null ? null : http.baseUrl());
                if (http != null) {
                    resource.positive("timeout", http.timeout());
                }
            } else {
                problems.check(false, "provider", provider, "must be jdbc or http");
            }
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
