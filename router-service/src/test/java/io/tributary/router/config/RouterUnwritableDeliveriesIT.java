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
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
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
        return header == null ? null : io.tributary.model.DeadLetterHeaders.text(record.headers(), header);
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

    /** A handler topic that takes smaller records than the router's limit. */
    private static void createHandlerTopic(KafkaCluster kafka, String topic, int maxMessageBytes) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes)))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void assertDeadLetter(ConsumerRecord<String, String> record, String topic, String value,
            long offset, String deliveryId, String subscriptionId, String reason) {
        assertThat(record.key()).isEqualTo(KEY);
        assertThat(record.value()).isEqualTo(value);
        assertThat(header(record, "kafka_original-topic")).isEqualTo(topic);
        assertThat(header(record, "kafka_original-partition")).isEqualTo("0");
        assertThat(header(record, "kafka_original-offset")).isEqualTo(Long.toString(offset));
        assertThat(header(record, "kafka_exception-fqcn"))
                .isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException");
        assertThat(header(record, "kafka_exception-message")).isEqualTo(reason);
        assertThat(header(record, "tributary-reason")).isEqualTo(reason);
        assertThat(header(record, "tributary-delivery-id")).isEqualTo(deliveryId);
        assertThat(header(record, "tributary-subscription-id")).isEqualTo(subscriptionId);
    }

    @Test
    void shouldDeadLetterADeliveryLargerThanItsHandlerTopicTakesWithoutFailingAndRouteTheNextEventsAtOnce(
            KafkaCluster kafka) throws Exception {
        kafka.createTopics(1, "refused.events", "refused.events-dlt");
        kafka.createCompactedTopic("refused.subscriptions", 1);
        createHandlerTopic(kafka, "refused.handler.webhook", 20_000);
        String subscription = subscription("sub_r", "{{new.id}}");
        subscribe(kafka, "refused.subscriptions", "sub_r", subscription);
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

            // The router learned the topic's max.message.bytes: r2's delivery is never sent, nothing fails, and
            // r3 and r4 are routed as soon as they are read (no thread replaced, no session to wait out).
            List<ConsumerRecord<String, String>> deliveries = await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50)).until(() -> kafka.readAll("refused.handler.webhook"),
                            records -> records.size() >= 3);
            System.out.printf("delivery larger than its handler topic takes: the next events routed %d ms after they"
                    + " were written%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(deliveryIds(deliveries)).containsExactly("r1:sub_r", "r3:sub_r", "r4:sub_r");

            Delivery refused = Delivery.of(EventEnvelope.fromJson(Json.parse(events.get("r2"))),
                    Subscription.fromJson(Json.parse(subscription)));
            int size = refused.recordKey().getBytes(StandardCharsets.UTF_8).length
                    + TributarySerdes.delivery().serializer().serialize("t", refused).length;
            String reason = "delivery r2:sub_r is " + size + " bytes as a Kafka record (key and value); at most 19488"
                    + " fit in one on refused.handler.webhook (its max.message.bytes is 20000, less 512 for Kafka's"
                    + " framing)";
            List<ConsumerRecord<String, String>> dead = kafka.consume("refused.events-dlt", 1, Duration.ofSeconds(30));
            assertThat(dead).singleElement().satisfies(record -> assertDeadLetter(record, "refused.events",
                    events.get("r2"), offsets.get("r2"), "r2:sub_r", "sub_r", reason));
            assertThat(registry.get("tributary.router.stream.threads.replaced").functionCounter().count()).isZero();
            assertThat(deliveryIds(kafka.readAll("refused.handler.webhook")))
                    .containsExactly("r1:sub_r", "r3:sub_r", "r4:sub_r");
            assertThat(kafka.readAll("refused.events-dlt")).hasSize(1);
            assertThat(counters.deliveriesDeadLettered()).isEqualTo(1);
            assertThat(router.health().ready()).isTrue();
        } finally {
            router.stop();
        }
    }

    /**
     * A refusal the router could not foresee (the topic's limit lowered after the router read it): the production
     * exception handler notes it, the stream thread fails and is replaced, and the event is dead-lettered when it is
     * processed again. The failed thread's static member is removed from the group once the thread has ended, so
     * the replacement takes its partitions without waiting out the member's session (45 s); the time is printed.
     */
    @Test
    void shouldDeadLetterADeliveryTheBrokerRefusesAfterItsTopicsLimitWasLoweredAndRouteTheNextEventsOnce(
            KafkaCluster kafka) throws Exception {
        kafka.createTopics(1, "lowered.events", "lowered.events-dlt");
        kafka.createCompactedTopic("lowered.subscriptions", 1);
        createHandlerTopic(kafka, "lowered.handler.webhook", 100_000);
        subscribe(kafka, "lowered.subscriptions", "sub_l", subscription("sub_l", "{{new.id}}"));
        SubscriptionIndex index = new SubscriptionIndex();
        RouterCounters counters = new RouterCounters();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RouterStreams router = start(kafka, "lowered", counters, registry, index);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> router.state() == KafkaStreams.State.RUNNING
                    && index.get("sub_l") != null);
            Map<String, Long> first = produce(kafka, "lowered.events", Map.of("l1", event("l1", "small")));
            assertThat(deliveryIds(kafka.consume("lowered.handler.webhook", 1, Duration.ofSeconds(30))))
                    .containsExactly("l1:sub_l");
            // The router read 100,000 on its first delivery; it reads the limit again only after a minute.
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "lowered.handler.webhook");
                admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(new ConfigEntry(
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "20000"), AlterConfigOp.OpType.SET))))
                        .all().get(30, TimeUnit.SECONDS);
            }
            Map<String, String> events = new LinkedHashMap<>();
            events.put("l2", event("l2", "b".repeat(40_000)));
            events.put("l3", event("l3", "small"));
            events.put("l4", event("l4", "small"));
            long started = System.nanoTime();
            Map<String, Long> offsets = produce(kafka, "lowered.events", events);

            // Within 30 s: well inside the 45 s session the failed member would otherwise hold its partitions for.
            List<ConsumerRecord<String, String>> deliveries = kafka.consume("lowered.handler.webhook", 3,
                    Duration.ofSeconds(30));
            System.out.printf("delivery refused by the broker (limit lowered after it was read): the next events"
                    + " routed %d ms after they were written%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(first).containsOnlyKeys("l1");
            assertThat(deliveryIds(deliveries)).containsExactly("l1:sub_l", "l3:sub_l", "l4:sub_l");
            // Measured again against the limit read afresh after the refusal, l2 is dead-lettered with its size; l3,
            // refused only because it was batched with l2, is routed.
            Delivery l2 = Delivery.of(EventEnvelope.fromJson(Json.parse(events.get("l2"))),
                    Subscription.fromJson(Json.parse(subscription("sub_l", "{{new.id}}"))));
            int l2Bytes = l2.recordKey().getBytes(StandardCharsets.UTF_8).length
                    + TributarySerdes.delivery().serializer().serialize("t", l2).length;
            String reason = "delivery l2:sub_l is " + l2Bytes + " bytes as a Kafka record (key"
                    + " and value); at most 19488 fit in one on lowered.handler.webhook (its max.message.bytes is"
                    + " 20000, less 512 for Kafka's framing)";
            List<ConsumerRecord<String, String>> dead = kafka.consume("lowered.events-dlt", 1, Duration.ofSeconds(30));
            assertThat(dead).singleElement().satisfies(record -> assertDeadLetter(record, "lowered.events",
                    events.get("l2"), offsets.get("l2"), "l2:sub_l", "sub_l", reason));
            // One failed transaction, one replaced thread, and nothing written twice.
            assertThat(registry.get("tributary.router.stream.threads.replaced").functionCounter().count())
                    .isEqualTo(1.0);
            assertThat(deliveryIds(kafka.readAll("lowered.handler.webhook")))
                    .containsExactly("l1:sub_l", "l3:sub_l", "l4:sub_l");
            assertThat(kafka.readAll("lowered.events-dlt")).hasSize(1);
            assertThat(counters.deliveriesDeadLettered()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> router.health().ready());
        } finally {
            router.stop();
        }
    }
}
