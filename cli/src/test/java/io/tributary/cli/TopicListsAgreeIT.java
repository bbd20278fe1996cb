package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.model.TopicLayout;
import io.tributary.model.Topics;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.TributaryInfrastructure;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The three lists of Tributary's topics cannot drift apart: the Kubernetes {@code KafkaTopic}s of
 * deploy/base/topics.yaml, {@link TopicLayout}, and what {@code ./tributary topics create} makes on a real broker
 * agree on every name, partition count, cleanup policy and {@code max.message.bytes}.
 */
@TributaryInfrastructure
class TopicListsAgreeIT {

    /** The base's partitions and replicas, which TopicLayout is asked for. */
    private static final int PARTITIONS = 6;
    private static final short REPLICAS = 3;

    @Test
    void shouldDeclareInKubernetesExactlyTheTopicsOfTheLayout() throws IOException {
        List<String> layout = TopicLayout.topics(Topics.DEFAULT, PARTITIONS, REPLICAS).stream()
                .map(t -> describe(t.name(), t.numPartitions(), t.replicationFactor(), t.configs())).toList();

        assertThat(kubernetesTopics()).containsExactlyInAnyOrderElementsOf(layout);
        assertThat(layout).contains("tributary.dlt-redrives partitions=1 replicas=3 cleanup.policy=compact"
                + " max.message.bytes=-", "tributary.events partitions=6 replicas=3 cleanup.policy=delete"
                + " max.message.bytes=" + TopicLayout.EVENTS_MAX_MESSAGE_BYTES);
    }

    @Test
    void shouldCreateWithTheCliExactlyTheTopicsOfTheLayout(KafkaCluster kafka) throws Exception {
        String prefix = "agree";
        StringWriter out = new StringWriter();
        CommandLine cli = TributaryCommand.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("topics", "create", "--topic-prefix", prefix, "--partitions", "" + PARTITIONS,
                "--bootstrap-servers", kafka.bootstrapServers())).isEqualTo(0);
        assertThat(out.toString()).contains("created agree.events (6 partitions)\n",
                "created agree.dlt-redrives (1 partitions, compacted)\n");

        List<String> layout = TopicLayout.topics(new Topics(prefix), PARTITIONS, (short) -1).stream()
                .map(t -> describe(t.name(), t.numPartitions(), -1, t.configs())).toList();
        // The broker's metadata follows the creations within moments.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(onTheBroker(kafka, prefix)).containsExactlyInAnyOrderElementsOf(layout));
    }

    /** Every topic under the prefix as the broker has it, described as {@link #describe} does (its own settings). */
    private static List<String> onTheBroker(KafkaCluster kafka, String prefix) throws Exception {
        List<String> created = new ArrayList<>();
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            List<String> names = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(prefix + ".")).toList();
            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
            List<ConfigResource> resources = names.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            for (String name : names) {
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
                Map<String, String> set = new java.util.HashMap<>();
                for (ConfigEntry entry : config.entries()) {
                    if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                        set.put(entry.name(), entry.value());
                    }
                }
                created.add(describe(name, descriptions.get(name).partitions().size(), -1, set));
            }
        }
        return created;
    }

    /** Every KafkaTopic of deploy/base/topics.yaml, described as {@link #describe} does. */
    @SuppressWarnings("unchecked")
    private static List<String> kubernetesTopics() throws IOException {
        List<String> topics = new ArrayList<>();
        for (Object document : new Yaml().loadAll(Files.readString(Path.of("..", "deploy", "base", "topics.yaml")))) {
            Map<String, Object> resource = (Map<String, Object>) document;
            assertThat(resource.get("kind")).isEqualTo("KafkaTopic");
            Map<String, Object> spec = (Map<String, Object>) resource.get("spec");
            assertThat(((Map<String, Object>) resource.get("metadata")).get("name")).isEqualTo(spec.get("topicName"));
            Map<String, Object> config = (Map<String, Object>) spec.getOrDefault("config", Map.of());
            Map<String, String> values = new java.util.HashMap<>();
            config.forEach((key, value) -> values.put(key, String.valueOf(value)));
            topics.add(describe((String) spec.get("topicName"), (Integer) spec.get("partitions"),
                    (Integer) spec.get("replicas"), values));
        }
        return topics;
    }

    /** One topic on one line: name, partitions, replicas (-1: not compared), cleanup policy, max.message.bytes. */
    private static String describe(String name, int partitions, int replicas, Map<String, String> configs) {
        Map<String, String> set = configs == null ? Map.of() : configs;
        return name + " partitions=" + partitions + (replicas < 0 ? "" : " replicas=" + replicas)
                + " cleanup.policy=" + set.getOrDefault("cleanup.policy", "delete")
                + " max.message.bytes=" + set.getOrDefault("max.message.bytes", "-");
    }
}
