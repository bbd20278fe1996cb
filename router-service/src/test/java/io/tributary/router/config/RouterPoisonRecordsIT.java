package io.tributary.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.model.Delivery;
import io.tributary.model.Json;
import io.tributary.router.index.QuarantinedSubscription;
import io.tributary.router.index.SubscriptionIndex;
import io.tributary.router.topology.RouterCounters;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Poison records on both topics the router reads, on a real broker: every undecodable or invalid event goes to
 * the events dead-letter topic with its original bytes and provenance while the next event is routed; every
 * unusable subscription record is quarantined while the others keep matching, and no webhook secret or
 * credential header of a quarantined record is shown or logged.
 */
@ExtendWith({KafkaExtension.class, OutputCaptureExtension.class})
class RouterPoisonRecordsIT {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String TOKEN = "sk_live_51HxAbCdEfGhIjKlMnOpQrStUv";

    @TempDir
    Path stateDir;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A subscription whose credentials come first, inside what a preview shows. */
    private static String subscription(String id, String extra) {
        return "{\"config\":{\"headers\":{\"Authorization\":\"Bearer " + TOKEN + "\"},\"secret\":\"" + SECRET
                + "\",\"url\":\"https://hooks.example.com/" + id + "\"},\"id\":\"" + id + "\",\"name\":\"" + id
                + "\",\"tenant\":\"co_1\",\"table\":\"orders\",\"type\":\"WEBHOOK\"" + extra + "}";
    }

    private static String event(String id, int depth) {
        return """
                {"specversion":"1.0","id":"%1$s","source":"/postgres/shop/public/orders","type":"orders.insert",
                 "tenant":"co_1","depth":%2$d,"data":{"table":"orders","schema":"public","operation":"INSERT",
                 "recordId":"%1$s","new":{"id":"%1$s"}}}""".formatted(id, depth);
    }

    private static Map<String, Long> produce(KafkaCluster kafka, String topic, Map<String, byte[]> records)
            throws Exception {
        Map<String, Long> offsets = new LinkedHashMap<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, byte[]> record : records.entrySet()) {
                RecordMetadata written = producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue()))
                        .get(30, TimeUnit.SECONDS);
                offsets.put(record.getKey(), written.offset());
            }
        }
        return offsets;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : io.tributary.model.DeadLetterHeaders.text(record.headers(), header);
    }

    @Test
    void shouldDeadLetterPoisonEventsAndQuarantinePoisonSubscriptionsWhileRoutingContinues(KafkaCluster kafka,
            CapturedOutput output) throws Exception {
        kafka.createTopics(1, "poison.events", "poison.events-dlt", "poison.handler.webhook");
        kafka.createCompactedTopic("poison.subscriptions", 1);
        Map<String, byte[]> subscriptions = new LinkedHashMap<>();
        subscriptions.put("sub_regex", utf8(subscription("sub_regex", ",\"where\":{\"new.id\":{\"$regex\":\"a(\"}}")));
        subscriptions.put("sub_broken", utf8("{\"id\":\"sub_broken\",\"config\":{\"headers\":{\"Authorization\":"
                + " \"Bearer " + TOKEN + "\"}, \"secret\": whsec_AAAABBBBCCCCDDDD}}"));
        subscriptions.put("sub_utf8", new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'});
        subscriptions.put("sub_deep", utf8("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)));
        subscriptions.put("sub_array", utf8("[" + subscription("sub_array", "") + "]"));
        subscriptions.put("sub_mismatch", utf8(subscription("sub_other", "")));
        subscriptions.put("sub_good", utf8(subscription("sub_good", "")));
        produce(kafka, "poison.subscriptions", subscriptions);

        SubscriptionIndex index = new SubscriptionIndex();
        RouterCounters counters = new RouterCounters();
        RouterProperties properties = new RouterProperties(true, "poison-router", "poison", 8, 1, (short) -1,
                Map.of("state.dir", stateDir.toString(), "commit.interval.ms", "100"));
        RouterStreams router = new RouterStreams(properties, kafka.bootstrapServers(), index, counters,
                new SimpleMeterRegistry());
        router.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> router.state() == KafkaStreams.State.RUNNING
                    && index.get("sub_good") != null);
            Map<String, byte[]> events = new LinkedHashMap<>();
            events.put("k-oops", utf8("{oops"));
            events.put("k-utf8", new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'});
            events.put("k-deep", utf8("[".repeat(10_000) + "]".repeat(10_000)));
            events.put("k-null", null);
            events.put("k-empty", new byte[0]);
            events.put("k-array", utf8("[" + event("in-array", 0) + "]"));
            events.put("k-invalid", utf8("{\"specversion\":\"1.0\",\"id\":\"x\",\"depth\":\"deep\"}"));
            events.put("k-loop", utf8(event("loop", 9)));
            events.put("k-nul", utf8(event("nul", 0).replace("\"orders.insert\"", "\"orders\\u0000insert\"")
                    .replace("\"tenant\"", "\"Tenant\"")));
            events.put("k-ok", utf8(event("ok-1", 0)));
            Map<String, Long> offsets = produce(kafka, "poison.events", events);

            List<ConsumerRecord<String, String>> dead = kafka.consume("poison.events-dlt", 9, Duration.ofSeconds(60));
            assertThat(dead).extracting(ConsumerRecord::key).containsExactly("k-oops", "k-utf8", "k-deep", "k-null",
                    "k-empty", "k-array", "k-invalid", "k-loop", "k-nul");
            for (ConsumerRecord<String, String> record : dead) {
                assertThat(header(record, "kafka_original-topic")).isEqualTo("poison.events");
                assertThat(header(record, "kafka_original-partition")).isEqualTo("0");
                assertThat(header(record, "kafka_original-offset")).isEqualTo(offsets.get(record.key()).toString());
                assertThat(header(record, "kafka_original-timestamp")).isNotBlank();
                assertThat(header(record, "kafka_exception-fqcn")).isNotBlank();
                assertThat(header(record, "kafka_exception-message")).isNotBlank();
                assertThat(header(record, "tributary-reason")).isNotBlank();
                byte[] original = events.get(record.key());
                assertThat(record.value()).as(record.key()).isEqualTo(original == null ? null
                        : new String(original, StandardCharsets.UTF_8));
            }
            assertThat(header(dead.get(2), "tributary-reason")).startsWith("not JSON").contains("nesting depth");
            assertThat(header(dead.get(6), "tributary-reason")).contains("depth: must be a whole number");
            assertThat(header(dead.get(7), "tributary-reason")).startsWith("event depth 9 exceeds the maximum of 8");
            assertThat(header(dead.get(8), "tributary-reason")).contains("Tenant: an extension attribute name");

            List<ConsumerRecord<String, String>> deliveries = kafka.consume("poison.handler.webhook", 1,
                    Duration.ofSeconds(60));
            assertThat(deliveries).extracting(record -> Delivery.fromJson(Json.parse(record.value())).deliveryId())
                    .containsExactly("ok-1:sub_good");
            assertThat(counters.deadLettered()).isEqualTo(9);
        } finally {
            router.stop();
        }

        assertThat(index.all()).extracting(s -> s.id()).containsExactly("sub_good");
        assertThat(index.quarantined()).extracting(QuarantinedSubscription::id).containsExactlyInAnyOrder(
                "sub_regex", "sub_broken", "sub_utf8", "sub_deep", "sub_array", "sub_mismatch");
        assertThat(counters.quarantined()).isGreaterThanOrEqualTo(6);
        for (QuarantinedSubscription quarantined : index.quarantined()) {
            assertThat(quarantined.reason()).as(quarantined.id()).isNotBlank();
            assertThat(quarantined.preview() + " " + quarantined.reason()).as(quarantined.id())
                    .doesNotContain(SECRET, SECRET.substring(6), TOKEN, "whsec_AAAABBBBCCCCDDDD");
        }
        assertThat(output.getAll()).doesNotContain(SECRET.substring(6), TOKEN, "AAAABBBBCCCCDDDD");
    }
}
