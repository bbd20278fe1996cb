package io.tributary.cli;

import io.tributary.model.CompactedTopic;
import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.DeadLetterRedrive;
import io.tributary.model.Delivery;
import io.tributary.model.Json;
import io.tributary.model.ReliableProducers;
import io.tributary.model.Topics;
import io.tributary.model.replay.TopicRange;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary dlt}: what is on a dead-letter topic, and sending it back for a fresh attempt. */
@Command(name = "dlt", mixinStandardHelpOptions = true,
        description = "List, show and redrive dead letters.",
        subcommands = {DltCommand.ListAll.class, DltCommand.Show.class, DltCommand.Redrive.class})
final class DltCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A dead letter as read. */
    record DeadLetter(ConsumerRecord<byte[], byte[]> record, Delivery delivery) {

        String id() {
            return delivery != null ? delivery.deliveryId() : record.partition() + ":" + record.offset();
        }

        String position() {
            return record.partition() + ":" + record.offset();
        }

        String header(String name) {
            Header header = record.headers().lastHeader(name);
            return header == null ? null : DeadLetterHeaders.text(record.headers(), header);
        }

        /** The reason code, when the writer gave one, and the exception's message (or the reason). */
        String reason() {
            String message = Optional.ofNullable(header(DeadLetterHeaders.EXCEPTION_MESSAGE))
                    .or(() -> Optional.ofNullable(header(DeadLetterHeaders.REASON))).orElse("-");
            DeadLetterHeaders.ReasonCode code = DeadLetterHeaders.reasonCode(record.headers());
            return code == null ? message : code + " " + message;
        }

        String attempts() {
            // spring-kafka numbers the attempt a forwarded record is due for: on a dead-letter topic, one more
            // than the attempts made.
            Header retry = record.headers().lastHeader(DeadLetterHeaders.RETRY_ATTEMPTS);
            if (retry != null && retry.value().length > 0) {
                return new java.math.BigInteger(retry.value()).subtract(java.math.BigInteger.ONE).toString();
            }
            String tributary = header(DeadLetterHeaders.ATTEMPTS);
            return tributary == null ? "-" : tributary;
        }
    }

    abstract static class Base implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--topic", required = true, paramLabel = "TOPIC",
                description = "The dead-letter topic, such as tributary.handler.webhook-dlt.")
        String topic;

        @Spec
        CommandSpec spec;

        List<DeadLetter> read() {
            List<DeadLetter> letters = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = TopicRange.consumer(kafka.bootstrap())) {
                TopicRange range = TopicRange.resolve(consumer, topic, null, null, null, null, null);
                for (var entry : range.partitions().entrySet()) {
                    var tp = new org.apache.kafka.common.TopicPartition(topic, entry.getKey());
                    consumer.assign(List.of(tp));
                    consumer.seek(tp, entry.getValue()[0]);
                    while (consumer.position(tp) < entry.getValue()[1]) {
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500)).records(tp)) {
                            if (record.offset() < entry.getValue()[1]) {
                                letters.add(new DeadLetter(record, RecordFilter.event(record.value()) == null ? null
                                        : delivery(record.value())));
                            }
                        }
                    }
                }
            }
            return letters;
        }

        private static Delivery delivery(byte[] value) {
            try {
                return Delivery.fromJson(Json.parse(new String(value, StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per dead letter.",
            footerHeading = "%nExamples:%n", footer = {"  ./tributary dlt list --topic tributary.handler.webhook-dlt",
                "  ./tributary dlt list --topic tributary.handler.webhook-dlt --wait 60s"})
    static final class ListAll extends Base {
        @Option(names = "--where", paramLabel = "JSON", description = "Only dead letters whose event matches.")
        String where;

        @Option(names = "--wait", paramLabel = "DURATION", description = {"Wait until at least one dead letter (that"
            + " matches --where) is on the topic, for at most this long (30s, 2m, 500ms or ISO-8601 PT30S);"
            + " when none comes, say so and exit with status 1."})
        String wait;

        @Override
        public Integer call() throws InterruptedException {
            RecordFilter filter = RecordFilter.parse(where);
            Duration limit = wait == null ? null : parseWait(wait);
            List<DeadLetter> letters = matching(filter);
            if (limit != null) {
                long deadline = System.nanoTime() + limit.toNanos();
                while (letters.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(Math.max(1, Math.min(500, (deadline - System.nanoTime()) / 1_000_000)));
                    letters = matching(filter);
                }
                if (letters.isEmpty()) {
                    PrintWriter err = spec.commandLine().getErr();
                    err.println("no dead letter" + (where == null ? "" : " matching --where") + " on " + topic
                            + " within " + wait + " (--wait)");
                    err.flush();
                    return 1;
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            String format = "%-10s %-44s %-8s %-6s %-34s %s%n";
            out.printf(format, "POSITION", "ID", "ATTEMPTS", "STATUS", "FROM", "REASON");
            for (DeadLetter letter : letters) {
                String from = java.util.stream.Stream.of(DeadLetterHeaders.ORIGINAL_TOPIC,
                        DeadLetterHeaders.ORIGINAL_PARTITION, DeadLetterHeaders.ORIGINAL_OFFSET).map(letter::header)
                        .filter(java.util.Objects::nonNull)
                        .collect(java.util.stream.Collectors.joining("/"));
                String status = letter.header(DeadLetterHeaders.LAST_STATUS);
                out.printf(format, letter.position(), letter.id(), letter.attempts(), status == null ? "-" : status,
                        from.isEmpty() ? "-" : from, letter.reason());
            }
            out.flush();
            return 0;
        }

        private static final java.util.regex.Pattern SHORT_DURATION =
                java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)");

        private List<DeadLetter> matching(RecordFilter filter) {
            return read().stream().filter(letter -> filter.matches(letter.record().value())).toList();
        }

        /** {@code 30s}, {@code 2m}, {@code 1h}, {@code 500ms} or ISO-8601 ({@code PT30S}); positive. */
        static Duration parseWait(String text) {
            java.util.regex.Matcher shortForm = SHORT_DURATION.matcher(text.trim());
            Duration duration;
            if (shortForm.matches()) {
                long amount = Long.parseLong(shortForm.group(1));
                duration = switch (shortForm.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            } else {
                try {
                    duration = Duration.parse(text.trim());
                } catch (java.time.format.DateTimeParseException e) {
                    throw new IllegalArgumentException("--wait must be a duration such as 30s, 2m, 500ms or PT30S, got '"
                            + text + "'");
                }
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("--wait must be a positive duration, got '" + text + "'");
            }
            return duration;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A dead letter in full: headers and value.",
            footerHeading = "%nExample:%n",
            footer = "  ./tributary dlt show --topic tributary.handler.webhook-dlt --id 0/1A2B3C:public.orders:sub_1")
    static final class Show extends Base {
        @Option(names = "--id", required = true, paramLabel = "ID", description = "A deliveryId, or PARTITION:OFFSET.")
        String id;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            DeadLetter letter = read().stream().filter(l -> l.id().equals(id) || l.position().equals(id)).reduce(
                    (a, b) -> b).orElseThrow(() -> new IllegalArgumentException("no dead letter " + id + " on " + topic));
            out.printf("position: %s%nkey: %s%n", letter.position(), letter.record().key() == null ? "-"
                    : new String(letter.record().key(), StandardCharsets.UTF_8));
            for (Header header : letter.record().headers()) {
                out.printf("header %s: %s%n", header.key(), DeadLetterHeaders.text(letter.record().headers(), header));
            }
            String value = letter.record().value() == null ? "null"
                    : new String(letter.record().value(), StandardCharsets.UTF_8);
            try {
                value = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(Json.parse(value));
            } catch (Exception e) {
                // not JSON: shown as it is
            }
            out.println(value);
            out.flush();
            return 0;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = {"Send dead letters back to their topic for a fresh attempt budget, with their original"
                + " deliveryId. A dead letter is redriven once: redriving it again does nothing.",
                "A delivery goes with its subscription's current settings (URL, secret, headers, retry, as"
                + " tributary.subscriptions holds them), so a redrive after fixing the subscription reaches the fixed"
                + " endpoint; --as-routed keeps the settings it was routed with. A delivery whose subscription was"
                + " deleted, or changed its type, keeps them too, and the command says so."},
            footerHeading = "%nExamples:%n",
            footer = {"  ./tributary dlt redrive --topic tributary.handler.webhook-dlt --all",
                "  ./tributary dlt redrive --topic tributary.handler.webhook-dlt --id 0:12 --id 0:13"})
    static final class Redrive extends Base {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Selection selection;

        static final class Selection {
            @Option(names = "--id", paramLabel = "ID", description = "A deliveryId or PARTITION:OFFSET (repeatable).")
            List<String> ids;

            @Option(names = "--all", description = "Every dead letter of the topic.")
            boolean all;
        }

        @Option(names = "--where", paramLabel = "JSON", description = "Only dead letters whose event matches.")
        String where;

        @Option(names = "--as-routed", description = "Keep the subscription settings each delivery was routed with"
            + " instead of its subscription's current ones.")
        boolean asRouted;

        /** The subscriptions topic as it is now, read once when a delivery needs it. */
        private Map<String, String> subscriptions;

        @Override
        public Integer call() throws Exception {
            if (!topic.endsWith(DeadLetterRedrive.SUFFIX)) {
                throw new IllegalArgumentException("--topic must be a dead-letter topic (ending in -dlt), got " + topic);
            }
            String destination = DeadLetterRedrive.destination(topic);
            RecordFilter filter = RecordFilter.parse(where);
            CompactedTopic ledger = new CompactedTopic(kafka.bootstrap(), new Topics(kafka.topicPrefix).dltRedrives());
            ledger.createIfMissing();
            Set<String> done = ledger.read().keySet();
            PrintWriter out = spec.commandLine().getOut();
            int sent = 0;
            int skipped = 0;
            try (ledger; KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    ReliableProducers.properties(kafka.bootstrap()), new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (DeadLetter letter : read()) {
                    boolean chosen = selection.all || selection.ids.contains(letter.id())
                            || selection.ids.contains(letter.position());
                    if (!chosen || !filter.matches(letter.record().value())) {
                        continue;
                    }
                    String mark = DeadLetterRedrive.mark(topic, letter.record().partition(),
                            letter.record().offset());
                    if (done.contains(mark)) {
                        skipped++;
                        continue;
                    }
                    Headers headers = DeadLetterRedrive.headers(letter.record().headers(), mark);
                    DeadLetterRedrive.Value current = DeadLetterRedrive.current(letter.record().value(),
                            letter.delivery(), asRouted, this::subscriptions, subscriptionsTopic());
                    producer.send(new ProducerRecord<>(destination, null, letter.record().key(), current.value(),
                            headers)).get(30, TimeUnit.SECONDS);
                    ledger.put(mark, Instant.now().toString());
                    out.printf("redrove %s (%s) to %s%s%n", letter.id(), letter.position(), destination,
                            current.note().isEmpty() ? "" : " " + current.note());
                    sent++;
                }
            }
            out.printf("%d redriven, %d redriven before and skipped%n", sent, skipped);
            out.flush();
            return 0;
        }

        private String subscriptionsTopic() {
            return new Topics(kafka.topicPrefix).subscriptions();
        }

        private Map<String, String> subscriptions() {
            if (subscriptions == null) {
                try (CompactedTopic topic = new CompactedTopic(kafka.bootstrap(), subscriptionsTopic())) {
                    subscriptions = topic.read();
                } catch (RuntimeException e) {
                    throw new IllegalStateException("cannot read the current subscriptions from "
                            + subscriptionsTopic() + " (" + e.getMessage() + "); redrive with --as-routed to keep the"
                            + " settings each delivery was routed with", e);
                }
            }
            return subscriptions;
        }
    }
}
