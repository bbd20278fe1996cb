package io.tributary.router.config;

import io.tributary.model.config.ConfigurationProblems;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the router under {@code tributary.router}. Kafka Streams settings pass through unchanged under
 * {@code tributary.router.streams.*} (for example {@code tributary.router.streams.num.stream.threads=2}); the
 * broker is {@code spring.kafka.bootstrap-servers}. Invalid values fail start-up, every one listed at once with its
 * full key, value and reason ({@link ConfigurationProblems}).
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
        ConfigurationProblems problems = new ConfigurationProblems("router", "tributary.router");
        problems.notBlank("application-id", applicationId);
        problems.topicPrefix("topic-prefix", topicPrefix);
        problems.range("max-depth", maxDepth, 0, 1000);
        problems.atLeast("partitions", partitions, 1);
        problems.check(replicationFactor == -1 || replicationFactor >= 1, "replication-factor", replicationFactor,
                "must be -1 (the broker's default) or at least 1");
        problems.throwIfAny();
    }
}
