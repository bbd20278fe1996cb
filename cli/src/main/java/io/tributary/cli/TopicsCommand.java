package io.tributary.cli;

import io.tributary.model.TopicLayout;
import io.tributary.model.Topics;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary topics}: every Tributary topic with its configuration. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Create and describe Tributary's topics.",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.Describe.class})
final class TopicsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create every Tributary topic that is missing, with its configuration; idempotent.",
            footerHeading = "%nExample:%n", footer = "  ./tributary topics create --partitions 12 --replication-factor 3")
    static final class Create implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the record topics"
                + " (default: ${DEFAULT-VALUE}); the stores are compacted with one.")
        int partitions;

        @Option(names = "--replication-factor", defaultValue = "-1",
                description = "Replication of every topic; -1 for the broker's default (default: ${DEFAULT-VALUE}).")
        short replicationFactor;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            try (Admin admin = kafka.admin()) {
                for (NewTopic topic : TopicLayout.topics(new Topics(kafka.topicPrefix), partitions, replicationFactor)) {
                    if (TopicLayout.createIfMissing(admin, topic, KafkaOptions.timeout())) {
                        out.printf("created %s (%d partitions%s)%n", topic.name(), topic.numPartitions(),
                                TopicConfig.CLEANUP_POLICY_COMPACT.equals(topic.configs() == null ? null
                                        : topic.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG)) ? ", compacted" : "");
                    } else {
                        out.printf("exists  %s%n", topic.name());
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Show partitions, replication, cleanup policy and records of Tributary's topics.",
            footerHeading = "%nExample:%n", footer = "  ./tributary topics describe")
    static final class Describe implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Admin admin = kafka.admin()) {
                Collection<String> names = KafkaOptions.await(admin.listTopics().names(), "cannot list topics")
                        .stream().filter(n -> n.startsWith(kafka.topicPrefix + ".")).sorted().toList();
                Map<String, TopicDescription> topics = new TreeMap<>(KafkaOptions.await(
                        admin.describeTopics(names).allTopicNames(), "cannot describe topics"));
                Map<TopicPartition, OffsetSpec> earliest = new java.util.HashMap<>();
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                topics.values().forEach(t -> t.partitions().forEach(p -> {
                    earliest.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.earliest());
                    latest.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest());
                }));
                var starts = KafkaOptions.await(admin.listOffsets(earliest).all(), "cannot read offsets");
                var ends = KafkaOptions.await(admin.listOffsets(latest).all(), "cannot read offsets");
                List<ConfigResource> resources = names.stream()
                        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
                Map<ConfigResource, Config> configs = KafkaOptions.await(admin.describeConfigs(resources).all(),
                        "cannot read topic configurations");
                String format = "%-40s %10s %11s %-8s %12s%n";
                out.printf(format, "TOPIC", "PARTITIONS", "REPLICATION", "CLEANUP", "RECORDS");
                topics.forEach((name, description) -> {
                    long records = description.partitions().stream().mapToLong(p -> {
                        TopicPartition tp = new TopicPartition(name, p.partition());
                        return ends.get(tp).offset() - starts.get(tp).offset();
                    }).sum();
                    var cleanup = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).get("cleanup.policy");
                    out.printf(format, name, description.partitions().size(),
                            description.partitions().get(0).replicas().size(),
                            cleanup == null ? "-" : cleanup.value(), records);
                });
            }
            out.flush();
            return 0;
        }
    }
}
