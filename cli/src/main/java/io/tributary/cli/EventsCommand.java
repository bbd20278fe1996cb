package io.tributary.cli;

import io.tributary.model.EventEnvelope;
import io.tributary.model.Topics;
import io.tributary.model.replay.TopicRange;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary events tail}: the events topic, live and filtered, one line per event. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Watch the events topic.",
        subcommands = {EventsCommand.Tail.class})
final class EventsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = "Print events as they arrive (from now, or from a time), until Ctrl-C.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./tributary events tail --tenant co_1 --table orders",
                "  ./tributary events tail --type 'invoice.*' --from-time -10m"})
    static final class Tail implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--tenant", paramLabel = "TENANT", description = "Only this tenant's events.")
        String tenant;

        @Option(names = "--table", paramLabel = "TABLE", description = "Only row changes of this table.")
        String table;

        @Option(names = "--type", paramLabel = "TYPE", description = "Only this event type, or a prefix.* of types.")
        String type;

        @Option(names = "--from-time", paramLabel = "TIME", description = "Start at this time instead of now.")
        String fromTime;

        @Option(names = "--max", paramLabel = "N", description = "Stop after N events.")
        Long max;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Instant from = fromTime == null ? null : TimeSpec.parse(fromTime, Clock.systemUTC());
            String topic = new Topics(kafka.topicPrefix).events();
            PrintWriter out = spec.commandLine().getOut();
            long shown = 0;
            try (KafkaConsumer<byte[], byte[]> consumer = TopicRange.consumer(kafka.bootstrap())) {
                TopicRange range = TopicRange.resolve(consumer, topic, null, null, from, null, null);
                List<TopicPartition> partitions = range.partitions().keySet().stream()
                        .map(p -> new TopicPartition(topic, p)).toList();
                consumer.assign(partitions);
                partitions.forEach(tp -> consumer.seek(tp, from == null ? range.partitions().get(tp.partition())[1]
                        : range.partitions().get(tp.partition())[0]));
                while (max == null || shown < max) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        EventEnvelope event = RecordFilter.event(record.value());
                        if (event == null || !matches(event)) {
                            continue;
                        }
                        out.printf("%s  %-28s %-10s %-40s %s%n", event.time(), event.type(),
                                event.tenant() == null ? "-" : event.tenant(), event.recordKey(), event.id());
                        out.flush();
                        if (max != null && ++shown >= max) {
                            break;
                        }
                    }
                }
            }
            return 0;
        }

        private boolean matches(EventEnvelope event) {
            if (tenant != null && !tenant.equals(event.tenant())) {
                return false;
            }
            if (table != null && !(table.equals(event.table())
                    || table.equals(event.schema() + "." + event.table()))) {
                return false;
            }
            if (type != null) {
                return type.endsWith(".*") ? event.type().startsWith(type.substring(0, type.length() - 1))
                        : type.equals(event.type());
            }
            return true;
        }
    }
}
