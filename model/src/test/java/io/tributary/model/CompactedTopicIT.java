package io.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.TributaryInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** A compacted topic as a store, on a real broker. */
@TributaryInfrastructure
class CompactedTopicIT {

    @Test
    void shouldCreateOnceReadToTheEndAndApplyPutsAndTombstones(KafkaCluster kafka) throws Exception {
        String name = "compacted-it.store";
        try (CompactedTopic store = new CompactedTopic(kafka.bootstrapServers(), name)) {
            assertThat(store.read()).as("a topic that does not exist reads as empty").isEmpty();
            store.createIfMissing();
            store.createIfMissing();
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                assertThat(admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions())
                        .hasSize(1);
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
                Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            }
            store.put("b", "1");
            store.put("a", "2");
            store.put("b", "3");
            store.tombstone("a");
            store.put("c", "4");

            assertThat(store.read()).containsExactly(Map.entry("b", "3"), Map.entry("c", "4"));
            assertThat(store.get("b")).contains("3");
            assertThat(store.get("a")).isEmpty();
            assertThat(store.get("never")).isEmpty();
            List<String> offsets = new ArrayList<>();
            store.readToEnd(r -> offsets.add(r.key() + "@" + r.offset()));
            assertThat(offsets).containsExactly("b@0", "a@1", "b@2", "a@3", "c@4");
        }
    }

    @Test
    void shouldFailRatherThanReturnPartOfTheStoreWhenTheEndIsNotReachedInTime(KafkaCluster kafka) {
        String name = "compacted-it.slow";
        try (CompactedTopic store = new CompactedTopic(kafka.bootstrapServers(), name)) {
            store.createIfMissing();
            store.put("k", "v");
        }
        CompactedTopic impatient = new CompactedTopic(kafka.bootstrapServers(), name, Duration.ZERO);
        assertThatThrownBy(impatient::read).isInstanceOf(IllegalStateException.class)
                .hasMessage("could not read compacted-it.slow to its end within 0 s");
    }

    @Test
    void shouldDeclareACompactedStoreWithOnePartition() {
        var declaration = CompactedTopic.declaration("x.store", Optional.of((short) 3));
        assertThat(declaration.numPartitions()).isEqualTo(1);
        assertThat(declaration.replicationFactor()).isEqualTo((short) 3);
        assertThat(declaration.configs()).isEqualTo(Map.of("cleanup.policy", "compact"));
    }
}
