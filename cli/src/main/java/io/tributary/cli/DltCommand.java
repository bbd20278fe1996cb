package io.tributary.cli;

import io.tributary.model.Delivery;
import io.tributary.model.Json;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
            return header == null ? null : headerText(header);
        }

        String attempts() {
            // spring-kafka numbers the attempt a forwarded record is due for: on a dead-letter topic, one more
            // than the attempts made.
            Header retry = record.headers().lastHeader("retry_topic-attempts");
            if (retry != null && retry.value().length > 0) {
                return new java.math.BigInteger(retry.value()).subtract(java.math.BigInteger.ONE).toString();
            }
            String tributary = header("tributary-attempts");
            return tributary == null ? "-" : tributary;
        }
    }

    /**
     * A header as text: spring-kafka writes the original partition as a 4-byte int, the original offset and
     * timestamp as 8-byte longs and retry counters as big-endian integers; everything else is UTF-8.
     */
    static String headerText(Header header) {
        byte[] value = header.value();
        if (value == null) {
            return "null";
        }
        String key = header.key();
        if (key.equals("kafka_original-partition") && value.length == 4) {
            return Integer.toString(java.nio.ByteBuffer.wrap(value).getInt());
        }
        if ((key.equals("kafka_original-offset") || key.equals("kafka_original-timestamp")) && value.length == 8) {
            return Long.toString(java.nio.ByteBuffer.wrap(value).getLong());
        }
        if (key.startsWith("retry_topic-") && value.length > 0 && value.length <= 8) {
            return new java.math.BigInteger(value).toString();
        }
        return new String(value, StandardCharsets.UTF_8);
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
                String from = java.util.stream.Stream.of("kafka_original-topic", "kafka_original-partition",
                        "kafka_original-offset").map(letter::header).filter(java.util.Objects::nonNull)
                        .collect(java.util.stream.Collectors.joining("/"));
                String status = letter.header("tributary-last-status");
                out.printf(format, letter.position(), letter.id(), letter.attempts(), status == null ? "-" : status,
                        from.isEmpty() ? "-" : from, Optional.ofNullable(letter.header("kafka_exception-message")).orElse("-"));
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
                out.printf("header %s: %s%n", header.key(), headerText(header));
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
                + " deliveryId. A dead letter is redriven once: redriving it again does nothing."},
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

        @Override
        public Integer call() throws Exception {
            if (!topic.endsWith("-dlt")) {
                throw new IllegalArgumentException("--topic must be a dead-letter topic (ending in -dlt), got " + topic);
            }
            RecordFilter filter = RecordFilter.parse(where);
            String destination = topic.substring(0, topic.length() - "-dlt".length());
            String ledger = kafka.topicPrefix + ".dlt-redrives";
            createLedger(ledger);
            Set<String> done = redriven(ledger);
            PrintWriter out = spec.commandLine().getOut();
            int sent = 0;
            int skipped = 0;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(), ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (DeadLetter letter : read()) {
                    boolean chosen = selection.all || selection.ids.contains(letter.id())
                            || selection.ids.contains(letter.position());
                    if (!chosen || !filter.matches(letter.record().value())) {
                        continue;
                    }
                    String mark = topic + "/" + letter.position();
                    if (done.contains(mark)) {
                        skipped++;
                        continue;
                    }
                    RecordHeaders headers = new RecordHeaders();
                    for (Header header : letter.record().headers()) {
                        if (!header.key().startsWith("retry_topic-") && !header.key().startsWith("kafka_")
                                && !header.key().startsWith("tributary-")) {
                            headers.add(header);
                        }
                    }
                    headers.add("tributary-redriven-from", mark.getBytes(StandardCharsets.UTF_8));
                    producer.send(new ProducerRecord<>(destination, null, letter.record().key(),
                            letter.record().value(), headers)).get(30, TimeUnit.SECONDS);
                    producer.send(new ProducerRecord<>(ledger, mark.getBytes(StandardCharsets.UTF_8),
                            Instant.now().toString().getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
                    out.printf("redrove %s (%s) to %s%n", letter.id(), letter.position(), destination);
                    sent++;
                }
            }
            out.printf("%d redriven, %d redriven before and skipped%n", sent, skipped);
            out.flush();
            return 0;
        }

        private void createLedger(String ledger) {
            try (Admin admin = kafka.admin()) {
                admin.createTopics(List.of(new NewTopic(ledger, Optional.of(1), Optional.empty()).configs(
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all()
                        .get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create " + ledger + ": " + e.getCause().getMessage(), e);
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot create " + ledger + ": " + e.getMessage(), e);
            }
        }

        private Set<String> redriven(String ledger) {
            Set<String> marks = new HashSet<>();
            try (KafkaConsumer<byte[], byte[]> consumer = TopicRange.consumer(kafka.bootstrap())) {
                TopicRange range = TopicRange.resolve(consumer, ledger, null, null, null, null, null);
                var tp = new org.apache.kafka.common.TopicPartition(ledger, 0);
                consumer.assign(List.of(tp));
                consumer.seek(tp, range.partitions().get(0)[0]);
                while (consumer.position(tp) < range.partitions().get(0)[1]) {
                    consumer.poll(Duration.ofMillis(500)).records(tp)
                            .forEach(r -> marks.add(new String(r.key(), StandardCharsets.UTF_8)));
                }
            }
            return marks;
        }
    }
}
