package io.tributary.capture.ingest;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ingestion API's settings under {@code tributary.ingest}; API keys are the shared {@code tributary.api.keys}
 * ({@link ApiKeyProperties}).
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
        if (rateLimit < 0) {
            throw new IllegalArgumentException("tributary.ingest.rate-limit must be 0 (no limit) or positive, got "
                    + rateLimit);
        }
        if (maxBodyBytes < 1024 || maxBatch < 1 || dedupeEntries < 1) {
            throw new IllegalArgumentException("invalid ingest configuration: tributary.ingest.max-body-bytes must be"
                    + " at least 1024, max-batch and dedupe-entries at least 1");
        }
    }
}
