package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.TributaryInfrastructure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The operator commands against a real broker. */
@TributaryInfrastructure
class OpsCommandsIT {

    private StringWriter out;
    private StringWriter err;
    private String bootstrap;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = TributaryCommand.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--bootstrap-servers");
        all.add(bootstrap);
        return cli.execute(all.toArray(String[]::new));
    }

    /** Records {@code from} to {@code to - 1}, each with the timestamp {@code time} (to the partition Kafka picks). */
    private void produce(String topic, int from, int to, Instant time) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(topic, null, time.toEpochMilli(), "key-" + i, "{\"n\": " + i
                        + "}")).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private List<ConsumerRecord<String, String>> readGroup(String topic, String group, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.commitSync();
        }
        return records;
    }

    @Test
    void shouldReplayExactlyTheRangeResetGroupsAndRedriveDeadLettersOnce(KafkaCluster kafka) throws Exception {
        bootstrap = kafka.bootstrapServers();
        assertThat(run("topics", "create", "--topic-prefix", "ops", "--partitions", "3")).isEqualTo(0);
        assertThat(out.toString()).contains("created ops.events (3 partitions)", "created ops.subscriptions");
        assertThat(run("topics", "create", "--topic-prefix", "ops", "--partitions", "3")).isEqualTo(0);
        assertThat(out.toString()).contains("exists  ops.events").doesNotContain("created");

        // Three runs of records a second apart; the range [t1, t2) holds exactly the second one.
        Instant base = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        produce("ops.events", 0, 10, base);
        produce("ops.events", 10, 20, base.plusSeconds(1));
        produce("ops.events", 20, 30, base.plusSeconds(2));
        Instant t1 = base.plusMillis(500);
        Instant t2 = base.plusMillis(1500);

        assertThat(run("topics", "describe", "--topic-prefix", "ops")).isEqualTo(0);
        assertThat(out.toString()).containsPattern("ops\\.events\\s+3\\s+1\\s+delete\\s+30");

        // A dry run prints the resolved offsets and changes nothing.
        assertThat(run("replay", "--topic", "ops.events", "--from-time", t1.toString(), "--to-time", t2.toString(),
                "--into", "ops.dry", "--dry-run")).isEqualTo(0);
        assertThat(out.toString()).contains("10 records in range", "dry run: nothing changed");
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            assertThat(admin.listTopics().names().get()).doesNotContain("ops.dry");
        }

        // A replay by time reproduces exactly the range, per partition, with provenance.
        assertThat(run("replay", "--topic", "ops.events", "--from-time", t1.toString(), "--to-time", t2.toString(),
                "--into", "ops.replay")).isEqualTo(0);
        assertThat(out.toString()).contains("replayed 10 records into ops.replay");
        List<ConsumerRecord<String, String>> replayed = kafka.readAll("ops.replay");
        assertThat(replayed).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(
                "key-10", "key-11", "key-12", "key-13", "key-14", "key-15", "key-16", "key-17", "key-18", "key-19");
        List<ConsumerRecord<String, String>> original = kafka.readAll("ops.events");
        for (ConsumerRecord<String, String> record : replayed) {
            String from = new String(record.headers().lastHeader("tributary-replayed-from").value(),
                    StandardCharsets.UTF_8);
            ConsumerRecord<String, String> source = original.stream()
                    .filter(o -> from.equals("ops.events/" + o.partition() + "/" + o.offset())).findFirst().orElseThrow();
            assertThat(record.partition()).isEqualTo(source.partition());
            assertThat(record.value()).isEqualTo(source.value());
        }

        // A group reset re-reads from the range's start; refused while the group has live members.
        assertThat(readGroup("ops.events", "ops-readers", 30)).hasSize(30);
        assertThat(run("replay", "--topic", "ops.events", "--from-time", t1.toString(), "--reset-group",
                "ops-readers")).isEqualTo(0);
        assertThat(run("lag", "--group", "ops-readers")).isEqualTo(0);
        assertThat(out.toString()).contains("ops-readers").containsPattern("ops\\.events\\s+\\d\\s+\\d+\\s+\\d+\\s+\\d+");
        assertThat(readGroup("ops.events", "ops-readers", 20)).extracting(ConsumerRecord::key)
                .hasSize(20).contains("key-10", "key-29").doesNotContain("key-0", "key-9");
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ops-live");
        try (var live = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            live.subscribe(List.of("ops.events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (live.assignment().isEmpty() && System.nanoTime() < deadline) {
                live.poll(Duration.ofMillis(200));
            }
            assertThat(run("replay", "--topic", "ops.events", "--from-offset", "0", "--reset-group", "ops-live"))
                    .isEqualTo(1);
            assertThat(err.toString()).contains("group ops-live has 1 live member(s)");
        }

        // Errors an operator meets are one line and a non-zero exit.
        assertThat(run("replay", "--topic", "ops.events", "--from-time", "yesterday-ish", "--into", "x")).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("error: bad time 'yesterday-ish'").doesNotContain("\n");
        assertThat(run("replay", "--topic", "ops.nothing", "--from-offset", "0", "--into", "x")).isEqualTo(1);
        assertThat(err.toString()).contains("no such topic: ops.nothing");

        // Dead letters go back once.
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("kafka_original-topic", "ops.handler.webhook".getBytes(StandardCharsets.UTF_8));
                headers.add("kafka_original-partition", java.nio.ByteBuffer.allocate(4).putInt(0).array());
                headers.add("kafka_original-offset", java.nio.ByteBuffer.allocate(8).putLong(40 + i).array());
                headers.add("kafka_exception-message", ("HTTP 503 for " + i).getBytes(StandardCharsets.UTF_8));
                headers.add("tributary-last-status", "503".getBytes(StandardCharsets.UTF_8));
                if (i == 2) {
                    // As spring-kafka leaves them after four attempts: each forward adds the attempt due next.
                    for (int next = 2; next <= 5; next++) {
                        headers.add("retry_topic-attempts", java.math.BigInteger.valueOf(next).toByteArray());
                    }
                }
                producer.send(new ProducerRecord<>("ops.handler.webhook-dlt", null, "dead-" + i, "{\"n\": " + i + "}",
                        headers)).get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(run("dlt", "list", "--topic", "ops.handler.webhook-dlt")).isEqualTo(0);
        assertThat(out.toString()).contains("HTTP 503 for 2", "ops.handler.webhook/0/42").containsPattern("\\d:\\d\\s+\\d:\\d\\s+-\\s+503");
        String[] columns = out.toString().lines().filter(line -> line.endsWith("HTTP 503 for 2")).findFirst()
                .orElseThrow().split("\\s+");
        assertThat(columns[2]).as("attempts made").isEqualTo("4");
        String position = columns[0];
        assertThat(run("dlt", "show", "--topic", "ops.handler.webhook-dlt", "--id", position))
                .isEqualTo(0);
        assertThat(out.toString()).contains("key: dead-2", "header tributary-last-status: 503",
                "header kafka_original-offset: 42", "\"n\" : 2");
        assertThat(run("dlt", "redrive", "--topic", "ops.handler.webhook-dlt", "--topic-prefix", "ops", "--all"))
                .isEqualTo(0);
        assertThat(out.toString()).contains("3 redriven, 0 redriven before");
        assertThat(run("dlt", "redrive", "--topic", "ops.handler.webhook-dlt", "--topic-prefix", "ops", "--all"))
                .isEqualTo(0);
        assertThat(out.toString()).contains("0 redriven, 3 redriven before and skipped");
        List<ConsumerRecord<String, String>> redriven = kafka.readAll("ops.handler.webhook");
        assertThat(redriven).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("dead-0", "dead-1", "dead-2");
        assertThat(redriven).allSatisfy(r -> assertThat(r.headers().lastHeader("kafka_exception-message")).isNull());
    }

    @Test
    void shouldWaitForADeadLetterAndSayWhenNoneCame(KafkaCluster kafka) throws Exception {
        bootstrap = kafka.bootstrapServers();
        kafka.createTopics(2, "wait.handler.webhook-dlt");
        assertThat(run("dlt", "list", "--topic", "wait.handler.webhook-dlt", "--wait", "1s")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("no dead letter on wait.handler.webhook-dlt within 1s (--wait)"
                + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
        assertThat(run("dlt", "list", "--topic", "wait.handler.webhook-dlt", "--wait", "soon")).isEqualTo(1);
        assertThat(err.toString()).contains("--wait must be a duration such as 30s, 2m, 500ms or PT30S, got 'soon'");
        assertThat(run("dlt", "list", "--topic", "wait.handler.webhook-dlt", "--wait", "0s")).isEqualTo(1);
        assertThat(err.toString()).contains("--wait must be a positive duration, got '0s'");

        // A letter that arrives while the command waits: it is listed, and the command succeeds.
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(1500);
                try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                        new StringSerializer(), new StringSerializer())) {
                    RecordHeaders headers = new RecordHeaders();
                    headers.add("kafka_exception-message", "HTTP 503 late".getBytes(StandardCharsets.UTF_8));
                    headers.add("tributary-last-status", "503".getBytes(StandardCharsets.UTF_8));
                    producer.send(new ProducerRecord<>("wait.handler.webhook-dlt", 1, "late", "{\"n\": 1}",
                            headers)).get(30, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        late.start();
        assertThat(run("dlt", "list", "--topic", "wait.handler.webhook-dlt", "--wait", "PT60S")).isEqualTo(0);
        late.join();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("POSITION   ID");
        assertThat(lines.get(1).split("\\s+")).containsExactly("1:0", "1:0", "-", "503", "-", "HTTP", "503", "late");
        assertThat(err.toString()).isEmpty();
        // With a letter there, --wait does not wait.
        assertThat(run("dlt", "list", "--topic", "wait.handler.webhook-dlt", "--wait", "1h")).isEqualTo(0);
        assertThat(out.toString().lines().toList()).hasSize(2);
    }

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static String subscriptionJson(String id, String type, String url) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"tenant\":\"demo\",\"eventType\":\"invoice.*\","
                + "\"type\":\"" + type + "\",\"config\":{\"url\":\"" + url + "\",\"secret\":\"" + SECRET + "\"}}";
    }

    private static io.tributary.model.Delivery delivery(String eventId, String subscriptionId, String url) {
        io.tributary.model.EventEnvelope event = io.tributary.model.EventEnvelope.fromJson(io.tributary.model.Json.parse(
                "{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"source\":\"/billing\","
                + "\"type\":\"invoice.paid\",\"tenant\":\"demo\",\"data\":{\"invoice\":\"" + eventId + "\"}}"));
        return io.tributary.model.Delivery.of(event, io.tributary.model.Subscription.fromJson(
                io.tributary.model.Json.parse(subscriptionJson(subscriptionId, "WEBHOOK", url))));
    }

    @Test
    void shouldRedriveADeliveryWithItsSubscriptionsCurrentSettings(KafkaCluster kafka) throws Exception {
        bootstrap = kafka.bootstrapServers();
        kafka.createCompactedTopic("rd.subscriptions", 1);
        kafka.createTopics(1, "rd.handler.webhook", "rd.handler.webhook-dlt");
        String fixed = "http://127.0.0.1:8090/hooks/invoices";
        String broken = "http://127.0.0.1:8090/hooks/fail";
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            // sub_paid was routed with /hooks/fail and fixed since; sub_typed is now of another type.
            producer.send(new ProducerRecord<>("rd.subscriptions", "sub_paid", subscriptionJson("sub_paid", "WEBHOOK",
                    broken))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("rd.subscriptions", "sub_paid", subscriptionJson("sub_paid", "WEBHOOK",
                    fixed))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("rd.subscriptions", "sub_typed", subscriptionJson("sub_typed", "QUEUE",
                    fixed))).get(30, TimeUnit.SECONDS);
            io.tributary.model.Delivery[] letters = {delivery("e-1", "sub_paid", broken),
                delivery("e-2", "sub_deleted", broken), delivery("e-3", "sub_typed", broken),
                delivery("e-4", "sub_paid", fixed), delivery("e-5", "sub_paid", broken)};
            for (io.tributary.model.Delivery letter : letters) {
                producer.send(new ProducerRecord<>("rd.handler.webhook-dlt", letter.recordKey(),
                        io.tributary.model.Json.write(letter.toJson()))).get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(run("dlt", "redrive", "--topic", "rd.handler.webhook-dlt", "--topic-prefix", "rd", "--as-routed",
                "--id", "e-5:sub_paid")).isEqualTo(0);
        assertThat(out.toString()).isEqualTo("redrove e-5:sub_paid (0:4) to rd.handler.webhook\n"
                + "1 redriven, 0 redriven before and skipped\n");
        assertThat(run("dlt", "redrive", "--topic", "rd.handler.webhook-dlt", "--topic-prefix", "rd", "--all"))
                .isEqualTo(0);
        assertThat(out.toString()).isEqualTo("""
                redrove e-1:sub_paid (0:0) to rd.handler.webhook (with subscription sub_paid's current settings)
                redrove e-2:sub_deleted (0:1) to rd.handler.webhook (subscription sub_deleted no longer exists: \
                with the settings it was routed with)
                redrove e-3:sub_typed (0:2) to rd.handler.webhook (subscription sub_typed is now of type QUEUE: \
                with the settings it was routed with)
                redrove e-4:sub_paid (0:3) to rd.handler.webhook
                4 redriven, 1 redriven before and skipped
                """);
        Map<String, String> urls = new java.util.TreeMap<>();
        for (ConsumerRecord<String, String> record : kafka.consume("rd.handler.webhook", 5, Duration.ofSeconds(30))) {
            io.tributary.model.Delivery redriven = io.tributary.model.Delivery.fromJson(
                    io.tributary.model.Json.parse(record.value()));
            urls.put(redriven.deliveryId(), redriven.subscription().config().get("url").asText());
            assertThat(redriven.subscription().config().get("secret").asText()).isEqualTo(SECRET);
        }
        assertThat(urls).containsExactly(Map.entry("e-1:sub_paid", fixed), Map.entry("e-2:sub_deleted", broken),
                Map.entry("e-3:sub_typed", broken), Map.entry("e-4:sub_paid", fixed), Map.entry("e-5:sub_paid", broken));
    }

    @Test
    void shouldShowProgressWithRateAndEtaOnALongReplay(KafkaCluster kafka) throws Exception {
        bootstrap = kafka.bootstrapServers();
        kafka.createTopics(2, "long.events");
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap,
                "linger.ms", 20), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3000; i++) {
                producer.send(new ProducerRecord<>("long.events", "k" + (i % 97), "{\"n\": " + i + "}"));
            }
            producer.flush();
        }
        assertThat(run("replay", "--topic", "long.events", "--from-offset", "0", "--into", "long.copy",
                "--rate", "2000")).isEqualTo(0);
        String progress = err.toString();
        System.out.println("progress output of a 3,000-record replay at --rate 2000:\n" + progress.replace("\r", "\n"));
        assertThat(progress.split("\r").length).as("redrawn while running").isGreaterThan(1);
        assertThat(progress).contains("ETA", "records", "/s").contains("100% 3,000/3,000 records");
        assertThat(out.toString()).contains("replayed 3000 records into long.copy");
        assertThat(kafka.readAll("long.copy")).hasSize(3000);
    }

    @Test
    void shouldTailEventsFilteredByTenantTableAndType(KafkaCluster kafka) throws Exception {
        bootstrap = kafka.bootstrapServers();
        kafka.createTopics(1, "tail.events");
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            String[][] events = {{"co_1", "orders", "orders.insert"}, {"co_2", "orders", "orders.insert"},
                {"co_1", "invoices", "invoices.update"}, {"co_1", null, "invoice.paid"}};
            for (int i = 0; i < events.length; i++) {
                String data = events[i][1] == null ? "{}" : "{\"table\": \"" + events[i][1] + "\", \"schema\": \"public\","
                        + " \"operation\": \"INSERT\", \"recordId\": \"" + i + "\", \"new\": {}}";
                producer.send(new ProducerRecord<>("tail.events", "k" + i, "{\"specversion\": \"1.0\", \"id\": \"e-" + i
                        + "\", \"source\": \"/s\", \"type\": \"" + events[i][2] + "\", \"tenant\": \"" + events[i][0]
                        + "\", \"time\": \"2026-11-23T08:00:0" + i + "Z\", \"data\": " + data + "}")).get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(run("events", "tail", "--topic-prefix", "tail", "--from-time", "-1h", "--tenant", "co_1",
                "--table", "orders", "--max", "1")).isEqualTo(0);
        assertThat(out.toString()).contains("orders.insert", "e-0").doesNotContain("e-1", "e-2");
        assertThat(run("events", "tail", "--topic-prefix", "tail", "--from-time", "-1h", "--type", "invoice.*",
                "--max", "1")).isEqualTo(0);
        assertThat(out.toString()).contains("invoice.paid", "e-3").doesNotContain("invoices.update");
    }
}
