package io.tributary.cli;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary lag}: how far each consumer group is behind, per partition. */
@Command(name = "lag", mixinStandardHelpOptions = true,
        description = "Show each consumer group's committed offset, the end offset and the lag, per partition.",
        footerHeading = "%nExamples:%n",
        footer = {"  ./tributary lag", "  ./tributary lag --group tributary-webhook-dispatcher"})
final class LagCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--group", paramLabel = "GROUP", description = "Only this consumer group.")
    String group;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = kafka.admin()) {
            Collection<String> groups = group != null ? List.of(group)
                    : KafkaOptions.await(admin.listConsumerGroups().all(), "cannot list consumer groups").stream()
                            .map(listing -> listing.groupId()).sorted().toList();
            String format = "%-36s %-40s %9s %12s %12s %10s%n";
            out.printf(format, "GROUP", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG");
            for (String id : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = KafkaOptions.await(
                        admin.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata(),
                        "cannot read the offsets of group " + id);
                if (committed.isEmpty() && group != null) {
                    throw new IllegalStateException("group " + id + " has no committed offsets (no such group?)");
                }
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = KafkaOptions.await(
                        admin.listOffsets(latest).all(), "cannot read end offsets");
                Map<String, TopicPartition> sorted = new TreeMap<>();
                committed.keySet().forEach(tp -> sorted.put(tp.topic() + String.format("%06d", tp.partition()), tp));
                for (TopicPartition tp : sorted.values()) {
                    OffsetAndMetadata offset = committed.get(tp);
                    long end = ends.get(tp).offset();
                    long position = offset == null ? 0 : offset.offset();
                    out.printf(format, id, tp.topic(), tp.partition(), position, end, Math.max(0, end - position));
                }
            }
        }
        out.flush();
        return 0;
    }
}
