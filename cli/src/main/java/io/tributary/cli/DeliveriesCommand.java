package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.Json;
import io.tributary.model.Topics;
import io.tributary.model.replay.TopicRange;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary deliveries list}: the webhook attempts recorded on {@code tributary.deliveries}, one line per
 * attempt with its outcome and HTTP status, and waiting for an outcome that comes later (a retry's, a redrive's).
 */
@Command(name = "deliveries", mixinStandardHelpOptions = true,
        description = "The webhook attempts recorded on the deliveries topic.",
        subcommands = {DeliveriesCommand.ListAll.class})
final class DeliveriesCommand implements Runnable {

    /** The outcomes an attempt is recorded with. */
    static final Set<String> OUTCOMES = Set.of("DELIVERED", "RETRY", "DEAD_LETTER", "DEAD_LETTER_AND_PAUSE");

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** One recorded attempt, as read. */
    record Attempt(Instant at, String subscriptionId, String recordId, int attempt, String outcome, String status,
            String deliveryId) {

        static Attempt of(JsonNode json) {
            int status = json.path("httpStatus").asInt(0);
            return new Attempt(Instant.parse(json.path("at").asText()), json.path("subscriptionId").asText("-"),
                    json.path("recordId").asText("-"), json.path("attempt").asInt(0), json.path("outcome").asText("-"),
                    status > 0 ? Integer.toString(status) : "-", json.path("deliveryId").asText("-"));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "One line per recorded attempt, oldest first.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./tributary deliveries list --subscription sub_paid_invoices",
                "  ./tributary deliveries list --subscription sub_paid_invoices --record 2 --until DELIVERED --wait 60s"})
    static final class ListAll implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--subscription", paramLabel = "ID", description = "Only this subscription's attempts.")
        String subscription;

        @Option(names = "--record", paramLabel = "ID", description = "Only attempts for this record id.")
        String record;

        @Option(names = "--from-time", paramLabel = "TIME",
                description = "Only attempts recorded at or after this time (default: the whole topic).")
        String fromTime;

        @Option(names = "--until", paramLabel = "OUTCOME", description = {"With --wait: wait for an attempt with this"
            + " outcome (DELIVERED, RETRY, DEAD_LETTER or DEAD_LETTER_AND_PAUSE) instead of any attempt."})
        String until;

        @Option(names = "--wait", paramLabel = "DURATION", description = {"Wait until a matching attempt (with the"
            + " --until outcome) is recorded, for at most this long (30s, 2m, 500ms or ISO-8601 PT30S); when none"
            + " comes, print what there is, say so and exit with status 1."})
        String wait;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            if (until != null && wait == null) {
                throw new IllegalArgumentException("--until needs --wait: it names the outcome to wait for");
            }
            String outcome = until == null ? null : until.trim().toUpperCase(Locale.ROOT);
            if (outcome != null && !OUTCOMES.contains(outcome)) {
                throw new IllegalArgumentException("--until must be one of DELIVERED, RETRY, DEAD_LETTER or"
                        + " DEAD_LETTER_AND_PAUSE, got '" + until + "'");
            }
            Duration limit = wait == null ? null : DltCommand.ListAll.parseWait(wait);
            Instant from = fromTime == null ? null : TimeSpec.parse(fromTime, Clock.systemUTC());
            String topic = new Topics(kafka.topicPrefix).deliveries();
            List<Attempt> attempts = new ArrayList<>();
            boolean found;
            try (KafkaConsumer<byte[], byte[]> consumer = TopicRange.consumer(kafka.bootstrap())) {
                TopicRange range = TopicRange.resolve(consumer, topic, null, null, from, null, null);
                List<TopicPartition> partitions = range.partitions().keySet().stream()
                        .map(p -> new TopicPartition(topic, p)).toList();
                consumer.assign(partitions);
                partitions.forEach(tp -> consumer.seek(tp, range.partitions().get(tp.partition())[0]));
                long deadline = limit == null ? 0 : System.nanoTime() + limit.toNanos();
                while (true) {
                    for (ConsumerRecord<byte[], byte[]> value : consumer.poll(Duration.ofMillis(200))) {
                        Attempt attempt = parse(value.value());
                        if (attempt != null && matches(attempt)) {
                            attempts.add(attempt);
                        }
                    }
                    found = limit == null || attempts.stream().anyMatch(a -> outcome == null
                            || outcome.equals(a.outcome()));
                    boolean caughtUp = partitions.stream()
                            .allMatch(tp -> consumer.position(tp) >= range.partitions().get(tp.partition())[1]);
                    if (caughtUp && (found || System.nanoTime() >= deadline)) {
                        break;
                    }
                }
            }
            attempts.sort(Comparator.comparing(Attempt::at).thenComparing(Attempt::deliveryId)
                    .thenComparingInt(Attempt::attempt));
            PrintWriter out = spec.commandLine().getOut();
            String format = "%-24s %-6s %-7s %-11s %-6s %s%n";
            out.printf(format, "AT", "RECORD", "ATTEMPT", "OUTCOME", "STATUS", "DELIVERY");
            for (Attempt attempt : attempts) {
                out.printf(format, AT.format(attempt.at()), attempt.recordId(), attempt.attempt(), attempt.outcome(),
                        attempt.status(), attempt.deliveryId());
            }
            out.flush();
            if (!found) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("no attempt" + (outcome == null ? "" : " with outcome " + outcome) + " recorded within "
                        + wait + " (--wait)");
                err.flush();
                return 1;
            }
            return 0;
        }

        private boolean matches(Attempt attempt) {
            return (subscription == null || subscription.equals(attempt.subscriptionId()))
                    && (record == null || record.equals(attempt.recordId()));
        }

        private static Attempt parse(byte[] value) {
            if (value == null) {
                return null;
            }
            try {
                return Attempt.of(Json.parse(new String(value, StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
