package io.tributary.capture.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.TopicLayout;
import io.tributary.testkit.KafkaExtension;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The capture-service on a real PostgreSQL and a real broker, fed changes it cannot convert or write among good
 * ones, and losing its replication connection: every good change arrives in order, every bad one is a dead letter
 * with its provenance and reason, readiness stays UP through bad changes, goes DOWN while the engine is stopped and
 * UP again once the restarted engine captures.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tributary.capture.topic-prefix=resilience",
        "tributary.capture.slot-name=resilience_slot",
        "tributary.capture.publication-name=resilience_pub",
        "tributary.capture.offsets-topic=resilience.capture-offsets",
        "tributary.capture.tables-topic=resilience.capture-tables",
        "tributary.capture.tables[0].name=public.poison",
        "tributary.capture.tables[0].tenant-column=company_id",
        "tributary.capture.max-event-bytes=" + CaptureResilienceIT.MAX_EVENT_BYTES,
        "tributary.capture.restart.initial-interval=PT3S",
        "tributary.ingest.topic-prefix=resilience",
        "management.endpoint.health.group.readiness.show-details=always"})
@DirtiesContext
class CaptureResilienceIT {

    static final int MAX_EVENT_BYTES = 4 * 1_048_576;
    /** The events topic's limit here: below the capture's, so that the broker refuses some events itself. */
    static final int TOPIC_MAX_MESSAGE_BYTES = 2 * 1_048_576;
    static PostgresDatabase db;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        db = PostgresExtension.database().createDatabase("capture_resilience");
        db.execute("CREATE TABLE poison (id int PRIMARY KEY, company_id text, note text, doc jsonb)");
        try (var in = CaptureResilienceIT.class.getResourceAsStream("/db/tributary_outbox.sql")) {
            db.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (Admin admin = Admin.create(KafkaExtension.cluster().clientProperties())) {
            admin.createTopics(List.of(new NewTopic("resilience.events", Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(TOPIC_MAX_MESSAGE_BYTES))),
                    new NewTopic("resilience.capture-dlt", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaExtension.cluster().bootstrapServers());
        registry.add("tributary.capture.database.host", db::host);
        registry.add("tributary.capture.database.port", db::port);
        registry.add("tributary.capture.database.name", db::databaseName);
        registry.add("tributary.capture.database.user", db::user);
        registry.add("tributary.capture.database.password", db::password);
    }

    @AfterAll
    static void dropSlot(@Autowired org.springframework.context.ConfigurableApplicationContext context) {
        context.getBean("captureLifecycle", org.springframework.context.SmartLifecycle.class).stop();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> db.execute(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'resilience_slot'"));
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    MeterRegistry registry;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> readiness() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitCapturing() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> assertThat(readiness().statusCode()).isEqualTo(200));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (Connection connection = db.connect(); ResultSet rs = connection.createStatement().executeQuery(
                    "SELECT active FROM pg_replication_slots WHERE slot_name = 'resilience_slot'")) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    /** The events of rows 1 to 20 (the other test writes rows from 100 on), once there are {@code count}. */
    private static List<EventEnvelope> events(int count) {
        List<EventEnvelope> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            events.clear();
            KafkaExtension.cluster().readAll("resilience.events").stream()
                    .map(r -> EventEnvelope.fromJson(Json.parse(r.value())))
                    .filter(e -> Integer.parseInt(e.recordId()) <= 20).forEach(events::add);
            return events.size() >= count;
        });
        return events;
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private double failures(String cause) {
        var counter = registry.find("tributary.capture.failures").tags("cause", cause, "outcome", "dead-letter")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldDeadLetterEveryChangeItCannotConvertOrWriteAndDeliverEveryOtherInOrderWhileStayingReady()
            throws Exception {
        awaitCapturing();
        double restartsBefore = registry.get("tributary.capture.restarts").counter().count();
        List<Integer> readinessSeen = new CopyOnWriteArrayList<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                try {
                    readinessSeen.add(readiness().statusCode());
                    Thread.sleep(100);
                } catch (Exception e) {
                    readinessSeen.add(-1);
                }
            }
        }, "readiness-sampler");
        sampler.start();
        String deepJson = "[".repeat(250) + "]".repeat(250);
        Instant before = Instant.now().minusSeconds(1);
        List<Integer> good = new ArrayList<>();
        for (int id = 1; id <= 20; id++) {
            switch (id) {
                // 1.5 MiB: larger than Kafka's default record, an event within the topic's and the capture's limits
                case 4 -> db.execute("INSERT INTO poison VALUES (4, 'co_1', repeat('y', 1572864))");
                // 3 MiB that do not compress: within the capture's limit, refused by the topic (max.message.bytes
                // 2 MiB, which the broker checks after compression)
                case 7 -> db.execute("INSERT INTO poison SELECT 7, 'co_1', string_agg(md5(random()::text), '')"
                        + " FROM generate_series(1, 98304)");
                // 5 MiB: larger than tributary.capture.max-event-bytes
                case 10 -> db.execute("INSERT INTO poison VALUES (10, 'co_1', repeat('w', 5242880))");
                // jsonb nested deeper than any JSON Tributary reads: the converter refuses the change
                case 13, 17 -> db.execute("INSERT INTO poison VALUES (" + id + ", 'co_1', 'deep', '" + deepJson + "')");
                default -> db.execute("INSERT INTO poison VALUES (" + id + ", 'co_1', 'row " + id + "')");
            }
            if (id != 7 && id != 10 && id != 13 && id != 17) {
                good.add(id);
            }
        }
        List<EventEnvelope> events = events(good.size());
        List<ConsumerRecord<String, String>> letters = KafkaExtension.cluster().consume("resilience.capture-dlt", 4,
                Duration.ofSeconds(60));
        sampling.set(false);
        sampler.join();
        Instant after = Instant.now().plusSeconds(1);

        assertThat(events).extracting(EventEnvelope::recordId)
                .containsExactlyElementsOf(good.stream().map(String::valueOf).toList());
        assertThat(events.get(3).newRow().get("note").asText()).hasSize(1_572_864);
        assertThat(letters).extracting(r -> headers(r).get(DeadLetterHeaders.KEY)).containsExactly("7", "10", "13", "17");

        Map<String, String> refused = headers(letters.get(0));
        assertThat(refused.get(DeadLetterHeaders.REASON)).isEqualTo("Kafka refused the event: "
                + refused.get(DeadLetterHeaders.EXCEPTION_MESSAGE));
        assertThat(refused.get(DeadLetterHeaders.EXCEPTION_FQCN))
                .isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException");
        assertThat(refused.get(DeadLetterHeaders.TRUNCATED)).isEqualTo("true");
        assertThat(Integer.parseInt(refused.get(DeadLetterHeaders.VALUE_BYTES))).isGreaterThan(3_145_728);
        assertThat(letters.get(0).key()).isEqualTo("co_1//postgres/" + db.databaseName() + "/public/poison/7");
        assertThat(letters.get(0).value()).startsWith("{\"specversion\":\"1.0\",\"id\":\"")
                .contains("\"type\":\"poison.insert\"");

        Map<String, String> tooLarge = headers(letters.get(1));
        String eventBytes = tooLarge.get(DeadLetterHeaders.REASON).replaceAll("the event is (\\d+) bytes, .*", "$1");
        String key = "co_1//postgres/" + db.databaseName() + "/public/poison/10";
        assertThat(tooLarge.get(DeadLetterHeaders.REASON)).isEqualTo("the event is " + eventBytes
                + " bytes, more than tributary.capture.max-event-bytes (" + MAX_EVENT_BYTES + ")");
        assertThat(Integer.parseInt(tooLarge.get(DeadLetterHeaders.VALUE_BYTES)))
                .isEqualTo(Integer.parseInt(eventBytes) - key.length()).isGreaterThan(5_242_880);
        assertThat(tooLarge.get(DeadLetterHeaders.EXCEPTION_FQCN))
                .isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException");
        assertThat(tooLarge.get(DeadLetterHeaders.TRUNCATED)).isEqualTo("true");
        assertThat(letters.get(1).key()).isEqualTo(key);
        assertThat(letters.get(1).value().length()).isBetween(TopicLayout.MAX_RECORD_BYTES - 8192,
                TopicLayout.MAX_RECORD_BYTES);

        for (ConsumerRecord<String, String> unconvertible : letters.subList(2, 4)) {
            Map<String, String> headers = headers(unconvertible);
            String id = headers.get(DeadLetterHeaders.KEY);
            assertThat(headers.get(DeadLetterHeaders.REASON))
                    .startsWith("the change could not be converted to an event: public.poison.doc: ")
                    .contains("nesting depth");
            assertThat(headers.get(DeadLetterHeaders.EXCEPTION_FQCN))
                    .isEqualTo("io.tributary.capture.convert.ColumnConversionException");
            assertThat(headers.get(DeadLetterHeaders.TRUNCATED)).isEqualTo("false");
            assertThat(unconvertible.key()).isEqualTo("public.poison/" + id);
            JsonNode change = Json.mapper().readTree(unconvertible.value());
            assertThat(change.get("op").asText()).isEqualTo("c");
            assertThat(change.get("after").get("id").asText()).isEqualTo(id);
            assertThat(change.get("after").get("note").asText()).isEqualTo("\"deep\"");
            assertThat(Integer.parseInt(headers.get(DeadLetterHeaders.VALUE_BYTES)))
                    .isEqualTo(unconvertible.value().getBytes(StandardCharsets.UTF_8).length);
        }
        for (ConsumerRecord<String, String> letter : letters) {
            Map<String, String> headers = headers(letter);
            assertThat(headers.get(DeadLetterHeaders.TABLE)).isEqualTo("public.poison");
            assertThat(headers.get(DeadLetterHeaders.LSN)).matches("[0-9A-F]+/[0-9A-F]+");
            assertThat(Instant.parse(headers.get(DeadLetterHeaders.COMMIT_TIME))).isBetween(before, after);
        }
        assertThat(failures("refused")).isEqualTo(1);
        assertThat(failures("too-large")).isEqualTo(1);
        assertThat(failures("conversion")).isEqualTo(2);
        assertThat(registry.get("tributary.capture.restarts").counter().count()).isEqualTo(restartsBefore);
        assertThat(readinessSeen).isNotEmpty().containsOnly(200);
        assertThat(registry.get("tributary.capture.running").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void shouldReportAndRestartAnEngineThatLostItsConnection() throws Exception {
        awaitCapturing();
        db.execute("INSERT INTO poison VALUES (100, 'co_2', 'before')");
        await().atMost(Duration.ofSeconds(60)).until(() -> KafkaExtension.cluster().readAll("resilience.events")
                .stream().anyMatch(r -> r.value().contains("\"recordId\":\"100\"")));
        double restartsBefore = registry.get("tributary.capture.restarts").counter().count();

        db.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                + " WHERE slot_name = 'resilience_slot' AND active_pid IS NOT NULL");

        HttpResponse<String> down = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(this::readiness, r -> r.statusCode() == 503);
        JsonNode capture = Json.parse(down.body()).get("components").get("capture");
        assertThat(capture.get("status").asText()).isEqualTo("DOWN");
        assertThat(capture.get("details").get("state").asText()).isEqualTo("STOPPED");
        assertThat(capture.get("details").get("reason").asText()).startsWith("the connector failed: ");
        assertThat(capture.get("details").get("attempt").asInt()).isEqualTo(1);
        assertThat(registry.get("tributary.capture.running").gauge().value()).isEqualTo(0.0);

        awaitCapturing();
        assertThat(registry.get("tributary.capture.running").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("tributary.capture.restarts").counter().count()).isEqualTo(restartsBefore + 1);
        db.execute("INSERT INTO poison VALUES (101, 'co_2', 'after')");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(KafkaExtension.cluster()
                .readAll("resilience.events").stream().map(r -> EventEnvelope.fromJson(Json.parse(r.value())))
                .map(EventEnvelope::recordId).filter(id -> id.startsWith("10") && id.length() == 3).distinct())
                .containsExactly("100", "101"));
        System.out.printf("capture restarted after its connection was terminated: %s%n",
                capture.get("details").get("reason").asText());
    }
}
