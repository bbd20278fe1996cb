package io.tributary.router.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the router under {@code tributary.router}. Kafka Streams settings pass through unchanged under
 * {@code tributary.router.streams.*} (for example {@code tributary.router.streams.num.stream.threads=2}); the
 * broker is {@code spring.kafka.bootstrap-servers}. Invalid values fail start-up, all of them listed at once.
 *
 * @param enabled           whether the routing topology runs in this process
 * @param applicationId     the Kafka Streams application id: instances with the same id share the work
 * @param topicPrefix       the prefix of every Tributary topic
 * @param maxDepth          the loop guard: events deeper than this go to the events dead-letter topic
 * @param partitions        partitions of the topics the router creates when they are missing
 * @param replicationFactor replication of those topics; -1 takes the broker's default
 * @param streams           Kafka Streams settings, passed through
 */
@ConfigurationProperties("tributary.router")
public record RouterProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("tributary-router") String applicationId,
        @DefaultValue("tributary") String topicPrefix,
        @DefaultValue("8") int maxDepth,
        @DefaultValue("6") int partitions,
        @DefaultValue("-1") short replicationFactor,
        Map<String, String> streams) {

    public RouterProperties {
        streams = streams == null ? Map.of() : Map.copyOf(streams);
        List<String> problems = new ArrayList<>();
        if (applicationId == null || applicationId.isBlank()) {
            problems.add("tributary.router.application-id must not be empty");
        }
        if (maxDepth < 0 || maxDepth > 1000) {
            problems.add("tributary.router.max-depth must be from 0 to 1000, got " + maxDepth);
        }
        if (partitions < 1) {
            problems.add("tributary.router.partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            problems.add("tributary.router.replication-factor must be -1 (broker default) or at least 1, got "
                    + replicationFactor);
        }
        try {
            new io.tributary.model.Topics(topicPrefix);
        } catch (IllegalArgumentException e) {
            problems.add("tributary.router.topic-prefix: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid router configuration: " + String.join("; ", problems));
        }
    }
}
