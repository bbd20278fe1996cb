package io.tributary.capture.ingest;

import java.time.Duration;
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
 */
@ConfigurationProperties("tributary.ingest")
public record IngestProperties(
        @DefaultValue("1048576") int maxBodyBytes,
        @DefaultValue("500") int maxBatch,
        @DefaultValue("PT24H") Duration dedupeWindow,
        @DefaultValue("100000") int dedupeEntries,
        @DefaultValue("tributary") String topicPrefix) {

    public IngestProperties {
        if (maxBodyBytes < 1024 || maxBatch < 1 || dedupeEntries < 1) {
            throw new IllegalArgumentException("invalid ingest configuration: tributary.ingest.max-body-bytes must be"
                    + " at least 1024, max-batch and dedupe-entries at least 1");
        }
    }
}
