package io.tributary.cli;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.tributary.model.replay.TopicRange;
import io.tributary.model.replay.TopicReplay;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary replay}: a topic range again, into a topic or by moving a consumer group. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay a range of a topic, from offsets or times: re-publish it into a topic (original keys,"
                + " per-partition order, provenance headers), or move a consumer group to its start.",
            "TIME is ISO-8601 (2026-11-23T08:00:00Z) or relative (-2h, -30m, -1d)."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./tributary replay --topic tributary.events --from-time -2h --into tributary.events-replay --dry-run",
            "  ./tributary replay --topic tributary.handler.webhook --from-time 2026-11-23T08:00:00Z"
                    + " --reset-group tributary-webhook-dispatcher",
            "  ./tributary replay --topic tributary.events --from-offset 0 --where '{\"tenant\": \"co_1\"}'"
                    + " --into tributary.events --rate 500"})
final class ReplayCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic to replay.")
    String topic;

    @Option(names = "--partition", paramLabel = "P", split = ",", description = "Only these partitions.")
    List<Integer> partitions;

    @ArgGroup(exclusive = true, multiplicity = "1")
    From from;

    static final class From {
        @Option(names = "--from-offset", paramLabel = "N", description = "First offset (in every partition).")
        Long offset;

        @Option(names = "--from-time", paramLabel = "TIME", description = "First record at or after this time.")
        String time;
    }

    @ArgGroup(exclusive = true)
    To to;

    static final class To {
        @Option(names = "--to-offset", paramLabel = "N", description = "Last offset, included.")
        Long offset;

        @Option(names = "--to-time", paramLabel = "TIME", description = "End time, excluded; default: now.")
        String time;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--into", paramLabel = "TOPIC",
                description = "Re-publish into this topic (created with the same partitions when missing).")
        String into;

        @Option(names = "--reset-group", paramLabel = "GROUP",
                description = "Move this consumer group's offsets to the start of the range (refused while it has"
                        + " live members).")
        String group;
    }

    @Option(names = "--where", paramLabel = "JSON", description = "Only records whose event matches this where.")
    String where;

    @Option(names = "--dry-run", description = "Print the resolved offsets and counts; change nothing.")
    boolean dryRun;

    @Option(names = "--rate", paramLabel = "N", description = "At most N records per second when re-publishing.")
    Integer rate;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Clock clock = Clock.systemUTC();
        Instant fromTime = from.time == null ? null : TimeSpec.parse(from.time, clock);
        Instant toTime = to == null || to.time == null ? null : TimeSpec.parse(to.time, clock);
        RecordFilter filter = RecordFilter.parse(where);
        if (target.group != null && where != null) {
            throw new IllegalArgumentException("--where filters what --into re-publishes; a group reset moves"
                    + " offsets only, so it cannot filter");
        }
        if (rate != null && rate < 1) {
            throw new IllegalArgumentException("--rate must be at least 1 record per second");
        }
        PrintWriter out = spec.commandLine().getOut();
        String bootstrap = kafka.bootstrap();
        try (KafkaConsumer<byte[], byte[]> consumer = TopicRange.consumer(bootstrap)) {
            TopicRange range = TopicRange.resolve(consumer, topic, partitions, from.offset, fromTime,
                    to == null ? null : to.offset, toTime);
            out.printf("%-9s %12s %12s %10s%n", "PARTITION", "FROM", "TO", "RECORDS");
            range.partitions().forEach((partition, r) -> out.printf("%-9d %12d %12d %10d%n", partition, r[0], r[1],
                    r[1] - r[0]));
            out.printf("%d records in range%s%n", range.count(), where == null ? "" : " (before --where)");
            out.flush();
            if (dryRun) {
                out.println("dry run: nothing changed");
                out.flush();
                return 0;
            }
            if (target.group != null) {
                resetGroup(bootstrap, range, out);
            } else {
                republish(bootstrap, consumer, range, filter, out);
            }
        }
        return 0;
    }

    private void resetGroup(String bootstrap, TopicRange range, PrintWriter out) {
        try (Admin admin = kafka.admin()) {
            Map<String, ConsumerGroupDescription> groups = KafkaOptions.await(
                    admin.describeConsumerGroups(List.of(target.group)).all(), "cannot describe group " + target.group);
            ConsumerGroupDescription group = groups.get(target.group);
            if (group != null && !group.members().isEmpty()) {
                throw new IllegalStateException("group " + target.group + " has " + group.members().size()
                        + " live member(s); stop its consumers first, then reset");
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            range.partitions().forEach((partition, r) -> offsets.put(new TopicPartition(topic, partition),
                    new OffsetAndMetadata(r[0])));
            KafkaOptions.await(admin.alterConsumerGroupOffsets(target.group, offsets).all(),
                    "cannot move the offsets of group " + target.group);
            out.printf("group %s now starts %s at the range's first offsets; it re-reads %d records%n", target.group,
                    topic, range.count());
            out.flush();
        }
    }

    private void republish(String bootstrap, KafkaConsumer<byte[], byte[]> consumer, TopicRange range,
            RecordFilter filter, PrintWriter out) throws Exception {
        RateLimiter limiter = rate == null ? null : RateLimiter.of("replay", RateLimiterConfig.custom()
                .limitForPeriod(Math.max(1, rate / 10)).limitRefreshPeriod(Duration.ofMillis(100))
                .timeoutDuration(Duration.ofMinutes(10)).build());
        Progress progress = new Progress(spec.commandLine().getErr(), range.count());
        TopicReplay.Result result = new TopicReplay(bootstrap).republish(consumer, range, target.into,
                filter::matches, new TopicReplay.Progress() {
                    @Override
                    public void update(long read, long written) {
                        progress.advance(1);
                    }

                    @Override
                    public void beforeWrite() {
                        if (limiter != null) {
                            RateLimiter.waitForPermission(limiter);
                        }
                    }
                });
        progress.finish();
        if (result.createdTarget()) {
            out.printf("created %s with %d partitions%n", target.into, result.targetPartitions());
        }
        out.printf("replayed %d records into %s%n", result.written(), target.into);
        out.flush();
    }
}
