package io.tributary.capture.ingest;

import io.tributary.model.config.ConfigurationProblems;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ingestion API's settings under {@code tributary.ingest}; API keys are the shared {@code tributary.api.keys}
 * ({@link io.tributary.model.auth.ApiKeyProperties}). Invalid values fail start-up, every one listed at once with its
 * full key, value and reason ({@link ConfigurationProblems}).
 *
 * @param maxBodyBytes  the largest request body accepted
 * @param maxBatch      the most events in one request
 * @param dedupeWindow  how long an accepted event id is remembered to refuse a duplicate
 * @param dedupeEntries the most ids remembered per instance
 * @param topicPrefix   the prefix of Tributary's topics
 * @param rateLimit     events per second each tenant may publish ({@code 0} for no limit)
 * @param schemas       JSON Schema locations by event type: the {@code data} of events of that type must satisfy it
 *                      ({@code tributary.ingest.schemas[invoice.created]=classpath:schemas/invoice.json})
 */
@ConfigurationProperties("tributary.ingest")
public record IngestProperties(
        @DefaultValue("1048576") int maxBodyBytes,
        @DefaultValue("500") int maxBatch,
        @DefaultValue("PT24H") Duration dedupeWindow,
        @DefaultValue("100000") int dedupeEntries,
        @DefaultValue("tributary") String topicPrefix,
        @DefaultValue("1000") int rateLimit,
        Map<String, String> schemas) {

    public IngestProperties {
        schemas = schemas == null ? Map.of() : Map.copyOf(schemas);
        ConfigurationProblems problems = new ConfigurationProblems("ingest", "tributary.ingest");
        problems.atLeast("max-body-bytes", maxBodyBytes, 1024);
        problems.atLeast("max-batch", maxBatch, 1);
        problems.positive("dedupe-window", dedupeWindow);
        problems.atLeast("dedupe-entries", dedupeEntries, 1);
        problems.topicPrefix("topic-prefix", topicPrefix);
        problems.check(rateLimit >= 0, "rate-limit", rateLimit, "must be 0 (no limit) or positive");
        new java.util.TreeMap<>(schemas).forEach((type, location) -> problems.notBlank("schemas[" + type + "]",
                location));
        problems.throwIfAny();
    }
}
