package io.tributary.model;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings of every producer whose records must not be lost or doubled: {@code acks=all} (a record is
 * acknowledged once every in-sync replica holds it) and {@code enable.idempotence=true} (a retried send is written
 * once, in order). A writer adds its own timeouts, batching and serializers to these.
 */
public final class ReliableProducers {

    private ReliableProducers() {
    }

    /** The reliable settings for a cluster, as a map the caller may add to. */
    public static Map<String, Object> properties(String bootstrapServers) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return properties;
    }

    /** The reliable settings for a cluster with the writer's own ones added (they may not weaken acks or idempotence). */
    public static Map<String, Object> properties(String bootstrapServers, Map<String, ?> more) {
        Object acks = more.get(ProducerConfig.ACKS_CONFIG);
        Object idempotence = more.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        if (acks != null && !"all".equals(acks.toString()) && !"-1".equals(acks.toString())) {
            throw new IllegalArgumentException(ProducerConfig.ACKS_CONFIG + " of a reliable producer must be all, got "
                    + acks);
        }
        if (idempotence != null && !Boolean.parseBoolean(idempotence.toString())) {
            throw new IllegalArgumentException(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG
                    + " of a reliable producer must be true, got " + idempotence);
        }
        Map<String, Object> properties = properties(bootstrapServers);
        properties.putAll(more);
        return properties;
    }
}
