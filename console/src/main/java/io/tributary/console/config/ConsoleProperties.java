package io.tributary.console.config;

import io.tributary.model.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's settings under {@code tributary.console}, validated at start: every invalid key is listed at once.
 *
 * @param topicPrefix    the prefix of the topics the ledger follows
 * @param groupId        the ledger's consumer group
 * @param concurrency    consumers in this instance (the group scales further by partitions and instances)
 * @param maxBatch       most records read and written to the ledger in one batch
 * @param topicDiscovery how soon a new handler or dead-letter topic is followed
 */
@ConfigurationProperties("tributary.console")
public record ConsoleProperties(@DefaultValue("tributary") String topicPrefix,
        @DefaultValue("tributary-console") String groupId, @DefaultValue("1") int concurrency,
        @DefaultValue("500") int maxBatch, @DefaultValue("PT30S") Duration topicDiscovery) {

    public ConsoleProperties {
        List<String> errors = new ArrayList<>();
        try {
            new Topics(topicPrefix);
        } catch (IllegalArgumentException e) {
            errors.add("tributary.console.topic-prefix: " + e.getMessage());
        }
        if (groupId == null || groupId.isBlank()) {
            errors.add("tributary.console.group-id: must not be empty");
        }
        if (concurrency < 1 || concurrency > 64) {
            errors.add("tributary.console.concurrency: must be 1 to 64, got " + concurrency);
        }
        if (maxBatch < 1 || maxBatch > 10_000) {
            errors.add("tributary.console.max-batch: must be 1 to 10000, got " + maxBatch);
        }
        if (topicDiscovery == null || topicDiscovery.toMillis() < 100) {
            errors.add("tributary.console.topic-discovery: must be at least PT0.1S, got " + topicDiscovery);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid console settings: " + String.join("; ", errors));
        }
    }

    public Topics topics() {
        return new Topics(topicPrefix);
    }
}
