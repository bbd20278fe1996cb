package io.tributary.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.model.TopicLayout;
import io.tributary.model.serde.TributarySerdes;
import io.tributary.router.index.SubscriptionIndex;
import io.tributary.router.topology.RouterCounters;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries that cannot be written, on a real broker under exactly-once: each is decided on its own (its event
 * goes to the events dead-letter topic with the reason) and the events behind it are routed in order, once.
 */
@ExtendWith(KafkaExtension.class)
class RouterUnwritableDeliveriesIT {

    static final String KEY = "co_1//postgres/shop/public/orders/o1";

    @TempDir
    Path stateDir;

    private static String event(String id, String blob) {
        return """
                {"specversion":"1.0","id":"%1$s","source":"/postgres/shop/public/orders","type":"orders.update",
                 "tenant":"co_1","data":{"table":"orders","schema":"public","operation":"UPDATE","recordId":"o1",
                 "new":{"id":"o1","status":"confirmed","blob":"%2$s"}}}""".formatted(id, blob);
    }

    private static String subscription(String id, String template) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"tenant\":\"co_1\",\"table\":\"orders\","
                + "\"type\":\"WEBHOOK\",\"config\":{\"url\":\"https://hooks.example.com/" + id + "\","
                + "\"format\":\"template\",\"template\":\"" + template + "\"}}";
    }

    private static void subscribe(KafkaCluster kafka, String topic, String id, String subscription)
            throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "acks", "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, id, subscription)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Writes the events in order, all under one record key, and returns the offset of each by event id. */
    private static Map<String, Long> produce(KafkaCluster kafka, String topic, Map<String, String> records)
            throws Exception {
        Map<String, Long> offsets = new LinkedHashMap<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "acks", "all"), new StringSerializer(), new StringSerializer())) {
            for (Map.Entry<String, String> record : records.entrySet()) {
                offsets.put(record.getKey(), producer.send(new ProducerRecord<>(topic, KEY, record.getValue()))
                        .get(30, TimeUnit.SECONDS).offset());
            }
        }
        return offsets;
    }

    private RouterStreams start(KafkaCluster kafka, String prefix, RouterCounters counters,
            SimpleMeterRegistry registry, SubscriptionIndex index) {
        RouterProperties properties = new RouterProperties(true, prefix + "-router", prefix, 8, 1, (short) -1,
                Map.of("state.dir", stateDir.toString(), "commit.interval.ms", "100"));
        RouterStreams router = new RouterStreams(properties, kafka.bootstrapServers(), index, counters, registry);
        router.start();
        return router;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<String> deliveryIds(List<ConsumerRecord<String, String>> records) {
        List<String> ids = new ArrayList<>();
        records.forEach(record -> ids.add(Delivery.fromJson(Json.parse(record.value())).deliveryId()));
        return ids;
    }

    @Test
    void shouldDeadLetterTheEventOfADeliveryTooLargeForARecordAndRouteTheNextEventsInOrder(KafkaCluster kafka)
            throws Exception {
        kafka.createTopics(1, "big.events", "big.events-dlt", "big.handler.webhook");
        kafka.createCompactedTopic("big.subscriptions", 1);
        // A Slack-style template: the subscription is copied into every delivery.
        String template = "{\\\"text\\\": \\\"" + "Order {{new.id}} is {{new.status}}. ".repeat(200) + "\\\"}";
        String subscription = subscription("sub_t", template);
        subscribe(kafka, "big.subscriptions", "sub_t", subscription);
        SubscriptionIndex index = new SubscriptionIndex();
        RouterCounters counters = new RouterCounters();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RouterStreams router = start(kafka, "big", counters, registry, index);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> router.state() == KafkaStreams.State.RUNNING
                    && index.get("sub_t") != null);
            // An event that fits in a record, whose delivery (the event with the template) does not.
            String large = event("e2", "b".repeat(1_043_000));
            Map<String, String> events = new LinkedHashMap<>();
            events.put("e1", event("e1", "small"));
            events.put("e2", large);
            events.put("e3", event("e3", "small"));
            events.put("e4", event("e4", "small"));
            long started = System.nanoTime();
            Map<String, Long> offsets = produce(kafka, "big.events", events);

            List<ConsumerRecord<String, String>> deliveries = kafka.consume("big.handler.webhook", 3,
                    Duration.ofSeconds(60));
            System.out.printf("too-large delivery: the next events routed %d ms after they were written%n",
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(deliveryIds(deliveries)).containsExactly("e1:sub_t", "e3:sub_t", "e4:sub_t");

            Delivery refused = Delivery.of(EventEnvelope.fromJson(Json.parse(large)),
                    Subscription.fromJson(Json.parse(subscription)));
            int size = refused.recordKey().getBytes(StandardCharsets.UTF_8).length
                    + TributarySerdes.delivery().serializer().serialize("t", refused).length;
            assertThat(KEY.length() + large.length()).isLessThan(TopicLayout.MAX_RECORD_BYTES);
            assertThat(size).isGreaterThan(TopicLayout.MAX_RECORD_BYTES);
            String reason = "delivery e2:sub_t is " + size + " bytes as a Kafka record (key and value); at most "
                    + TopicLayout.MAX_RECORD_BYTES + " fit in one";
            List<ConsumerRecord<String, String>> dead = kafka.consume("big.events-dlt", 1, Duration.ofSeconds(30));
            assertThat(dead).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo(KEY);
                assertThat(record.value()).isEqualTo(large);
                assertThat(header(record, "kafka_original-topic")).isEqualTo("big.events");
                assertThat(header(record, "kafka_original-partition")).isEqualTo("0");
                assertThat(header(record, "kafka_original-offset")).isEqualTo(offsets.get("e2").toString());
                assertThat(header(record, "kafka_exception-fqcn"))
                        .isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException");
                assertThat(header(record, "kafka_exception-message")).isEqualTo(reason);
                assertThat(header(record, "tributary-reason")).isEqualTo(reason);
                assertThat(header(record, "tributary-delivery-id")).isEqualTo("e2:sub_t");
                assertThat(header(record, "tributary-subscription-id")).isEqualTo("sub_t");
            });
            assertThat(counters.deliveriesDeadLettered()).isEqualTo(1);
            assertThat(registry.get("tributary.router.stream.threads.replaced").functionCounter().count()).isZero();
            assertThat(router.health().ready()).isTrue();
            // Exactly once: every delivery once, nothing else on either topic.
            assertThat(deliveryIds(kafka.readAll("big.handler.webhook")))
                    .containsExactly("e1:sub_t", "e3:sub_t", "e4:sub_t");
            assertThat(kafka.readAll("big.events-dlt")).hasSize(1);
        } finally {
            router.stop();
        }
    }

    @Test
    void shouldDeadLetterADeliveryTheBrokerRefusesAndRouteTheNextEventsInOrderOnce(KafkaCluster kafka)
            throws Exception {
        kafka.createTopics(1, "refused.events", "refused.events-dlt");
        kafka.createCompactedTopic("refused.subscriptions", 1);
        // A handler topic that takes smaller records than the router's limit: only the broker knows.
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.createTopics(List.of(new NewTopic("refused.handler.webhook", 1, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "20000")))).all().get(30, TimeUnit.SECONDS);
        }
        subscribe(kafka, "refused.subscriptions", "sub_r", subscription("sub_r", "{{new.id}}"));
        SubscriptionIndex index = new SubscriptionIndex();
        RouterCounters counters = new RouterCounters();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RouterStreams router = start(kafka, "refused", counters, registry, index);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> router.state() == KafkaStreams.State.RUNNING
                    && index.get("sub_r") != null);
            Map<String, String> events = new LinkedHashMap<>();
            events.put("r1", event("r1", "small"));
            events.put("r2", event("r2", "b".repeat(40_000)));
            events.put("r3", event("r3", "small"));
            events.put("r4", event("r4", "small"));
            long started = System.nanoTime();
            Map<String, Long> offsets = produce(kafka, "refused.events", events);

            List<ConsumerRecord<String, String>> deliveries = kafka.consume("refused.handler.webhook", 3,
                    Duration.ofSeconds(120));
            System.out.printf("delivery refused by the broker: the next events routed %d ms after they were written%n",
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(deliveryIds(deliveries)).containsExactly("r1:sub_r", "r3:sub_r", "r4:sub_r");
            List<ConsumerRecord<String, String>> dead = kafka.consume("refused.events-dlt", 1, Duration.ofSeconds(30));
            assertThat(dead).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo(KEY);
                assertThat(record.value()).isEqualTo(events.get("r2"));
                assertThat(header(record, "kafka_original-topic")).isEqualTo("refused.events");
                assertThat(header(record, "kafka_original-partition")).isEqualTo("0");
                assertThat(header(record, "kafka_original-offset")).isEqualTo(offsets.get("r2").toString());
                assertThat(header(record, "kafka_exception-fqcn"))
                        .isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException");
                String reason = "delivery r2:sub_r was refused by Kafka for refused.handler.webhook: The request"
                        + " included a message larger than the max message size the server will accept.";
                assertThat(header(record, "kafka_exception-message")).isEqualTo(reason);
                assertThat(header(record, "tributary-reason")).isEqualTo(reason);
                assertThat(header(record, "tributary-delivery-id")).isEqualTo("r2:sub_r");
                assertThat(header(record, "tributary-subscription-id")).isEqualTo("sub_r");
            });
            // One failed transaction, one replaced thread, and nothing written twice.
            assertThat(registry.get("tributary.router.stream.threads.replaced").functionCounter().count())
                    .isEqualTo(1.0);
            assertThat(deliveryIds(kafka.readAll("refused.handler.webhook")))
                    .containsExactly("r1:sub_r", "r3:sub_r", "r4:sub_r");
            assertThat(kafka.readAll("refused.events-dlt")).hasSize(1);
            assertThat(counters.deliveriesDeadLettered()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> router.health().ready());
        } finally {
            router.stop();
        }
    }
}
