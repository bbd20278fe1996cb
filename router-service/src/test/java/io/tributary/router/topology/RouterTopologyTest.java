package io.tributary.router.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.model.TopicLayout;
import io.tributary.model.Topics;
import io.tributary.model.serde.TributarySerdes;
import io.tributary.router.index.SubscriptionIndex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterTopologyTest {

    static final Topics TOPICS = Topics.DEFAULT;
    static final Instant T0 = Instant.parse("2024-01-15T10:00:00Z");

    @TempDir
    Path stateDir;

    SubscriptionIndex index;
    RouterCounters counters;
    DeliveryFailures failures;
    TopologyTestDriver driver;
    TestInputTopic<String, String> subscriptions;
    TestInputTopic<String, String> events;

    @BeforeEach
    void start() {
        startDriver();
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    void startDriver() {
        startDriver(HandlerTopicLimits.NONE, topic -> { });
    }

    void startDriver(HandlerTopicLimits limits, java.util.function.Consumer<String> creator) {
        index = new SubscriptionIndex();
        counters = new RouterCounters();
        failures = new DeliveryFailures();
        RouterConfig config = new RouterConfig(TOPICS, RouterConfig.DEFAULT_MAX_DEPTH, creator,
                TopicLayout.MAX_RECORD_BYTES, failures, limits);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "router-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(RouterTopology.build(config, index, counters), props);
        subscriptions = driver.createInputTopic(TOPICS.subscriptions(), Serdes.String().serializer(),
                Serdes.String().serializer());
        events = driver.createInputTopic(TOPICS.events(), Serdes.String().serializer(), Serdes.String().serializer());
    }

    TestOutputTopic<String, Delivery> handler(String type) {
        return driver.createOutputTopic(TOPICS.handler(type), Serdes.String().deserializer(),
                TributarySerdes.delivery().deserializer());
    }

    TestOutputTopic<String, byte[]> deadLetters() {
        return driver.createOutputTopic(TOPICS.eventsDeadLetter(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    void subscribe(String id, String fields) {
        subscriptions.pipeInput(id, "{\"id\":\"" + id + "\",\"name\":\"" + id + "\"," + fields + "}");
    }

    static String orderChange(String tenant, String id, String operation, String newRow, int depth) {
        return """
                {"specversion":"1.0","id":"lsn-%2$s-%3$s","source":"/postgres/shop/public/orders",
                 "type":"orders.%4$s",%1$s"depth":%6$d,
                 "data":{"table":"orders","schema":"public","operation":"%3$s","recordId":"%2$s",
                         "new":%5$s,"old":null,"changed":["status"]}}"""
                .formatted(tenant == null ? "" : "\"tenant\":\"" + tenant + "\",", id, operation,
                        operation.toLowerCase(), newRow, depth);
    }

    void pipeEvent(String json, Instant time) {
        events.pipeInput(new TestRecord<>("key", json, time));
    }

    @Test
    void shouldWriteOneDeliveryPerMatchingSubscriptionToTheTopicOfItsType() {
        subscribe("s_hook", "\"table\":\"orders\",\"type\":\"WEBHOOK\",\"config\":{\"url\":\"https://h.example/x\"}");
        subscribe("s_sync", "\"table\":\"orders\",\"type\":\"SYNC\",\"config\":{\"target\":\"accounting\"}");
        subscribe("s_other", "\"table\":\"invoices\",\"type\":\"SEARCH\"");

        pipeEvent(orderChange("co_1", "o1", "INSERT", "{\"status\":\"new\"}", 0), T0);

        List<TestRecord<String, Delivery>> hooks = handler("WEBHOOK").readRecordsToList();
        assertThat(hooks).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("s_hook/co_1//postgres/shop/public/orders/o1");
            assertThat(record.value().deliveryId()).isEqualTo("lsn-o1-INSERT:s_hook");
            assertThat(record.value().subscription().config().get("url").asText()).isEqualTo("https://h.example/x");
            assertThat(record.value().event().recordId()).isEqualTo("o1");
        });
        assertThat(handler("SYNC").readValuesToList()).extracting(Delivery::deliveryId)
                .containsExactly("lsn-o1-INSERT:s_sync");
        assertThat(handler("SEARCH").isEmpty()).isTrue();
        assertThat(counters.routed()).isEqualTo(2);
    }

    @Test
    void shouldApplyTenantRules() {
        subscribe("scoped", "\"tenant\":\"co_1\",\"table\":\"orders\",\"type\":\"QUEUE\"");
        subscribe("global", "\"tenant\":null,\"table\":\"orders\",\"type\":\"QUEUE\"");

        pipeEvent(orderChange("co_1", "a", "INSERT", "{}", 0), T0);
        pipeEvent(orderChange("co_2", "b", "INSERT", "{}", 0), T0);
        pipeEvent(orderChange(null, "c", "INSERT", "{}", 0), T0);

        assertThat(handler("QUEUE").readValuesToList()).extracting(Delivery::deliveryId).containsExactlyInAnyOrder(
                "lsn-a-INSERT:scoped", "lsn-a-INSERT:global", "lsn-b-INSERT:global", "lsn-c-INSERT:global");
    }

    @Test
    void shouldSelectEventTypesExactlyOrByPrefix() {
        subscribe("exact", "\"eventType\":\"invoice.created\",\"type\":\"QUEUE\"");
        subscribe("prefix", "\"eventType\":\"invoice.*\",\"type\":\"QUEUE\"");
        String created = "{\"specversion\":\"1.0\",\"id\":\"k1\",\"source\":\"/services/billing\","
                + "\"type\":\"invoice.created\",\"data\":{\"total\":5}}";
        String paid = created.replace("k1", "k2").replace("invoice.created", "invoice.paid");
        String other = created.replace("k1", "k3").replace("invoice.created", "invoices.created");

        pipeEvent(created, T0);
        pipeEvent(paid, T0);
        pipeEvent(other, T0);

        assertThat(handler("QUEUE").readValuesToList()).extracting(Delivery::deliveryId)
                .containsExactlyInAnyOrder("k1:exact", "k1:prefix", "k2:prefix");
    }

    @Test
    void shouldApplyOperationsFilterAndWhere() {
        subscribe("s", "\"table\":\"orders\",\"operations\":[\"UPDATE\"],\"type\":\"QUEUE\","
                + "\"filter\":{\"status\":\"confirmed\"},\"where\":{\"new.amount\":{\"$gt\":1000},\"$changed\":[\"status\"]}");

        pipeEvent(orderChange(null, "1", "INSERT", "{\"status\":\"confirmed\",\"amount\":2000}", 0), T0);
        pipeEvent(orderChange(null, "2", "UPDATE", "{\"status\":\"draft\",\"amount\":2000}", 0), T0);
        pipeEvent(orderChange(null, "3", "UPDATE", "{\"status\":\"confirmed\",\"amount\":500}", 0), T0);
        pipeEvent(orderChange(null, "4", "UPDATE", "{\"status\":\"confirmed\",\"amount\":2000.5}", 0), T0);

        assertThat(handler("QUEUE").readValuesToList()).extracting(Delivery::deliveryId)
                .containsExactly("lsn-4-UPDATE:s");
    }

    @Test
    void shouldStopMatchingAtOnceOnATombstoneAndUseTheLatestVersion() {
        subscribe("s", "\"table\":\"orders\",\"type\":\"QUEUE\",\"filter\":{\"status\":\"a\"}");
        pipeEvent(orderChange(null, "1", "INSERT", "{\"status\":\"a\"}", 0), T0);
        subscribe("s", "\"table\":\"orders\",\"type\":\"QUEUE\",\"filter\":{\"status\":\"b\"}");
        pipeEvent(orderChange(null, "2", "INSERT", "{\"status\":\"a\"}", 0), T0);
        pipeEvent(orderChange(null, "3", "INSERT", "{\"status\":\"b\"}", 0), T0);
        subscriptions.pipeInput("s", (String) null);
        pipeEvent(orderChange(null, "4", "INSERT", "{\"status\":\"b\"}", 0), T0);

        assertThat(handler("QUEUE").readValuesToList()).extracting(Delivery::deliveryId)
                .containsExactly("lsn-1-INSERT:s", "lsn-3-INSERT:s");
        assertThat(index.size()).isZero();
    }

    @Test
    void shouldNotRouteToAnInactiveSubscription() {
        subscribe("s", "\"table\":\"orders\",\"type\":\"QUEUE\",\"active\":false");
        pipeEvent(orderChange(null, "1", "INSERT", "{}", 0), T0);
        assertThat(handler("QUEUE").isEmpty()).isTrue();
    }

    @Test
    void shouldQuarantineAnInvalidSubscriptionWhileOthersKeepWorking() {
        subscribe("bad", "\"table\":\"orders\",\"type\":\"QUEUE\",\"where\":{\"new.name\":{\"$regex\":\"a(\"}},"
                + "\"config\":{\"secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}");
        subscriptions.pipeInput("garbage", "{not json");
        subscribe("good", "\"table\":\"orders\",\"type\":\"QUEUE\"");

        pipeEvent(orderChange(null, "1", "INSERT", "{\"name\":\"a(\"}", 0), T0);

        assertThat(handler("QUEUE").readValuesToList()).extracting(Delivery::deliveryId)
                .containsExactly("lsn-1-INSERT:good");
        assertThat(index.quarantined()).hasSize(2).anySatisfy(q -> {
            assertThat(q.id()).isEqualTo("bad");
            assertThat(q.reason()).contains("where.new.name.$regex: invalid regular expression");
            assertThat(q.preview()).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        }).anySatisfy(q -> assertThat(q.reason()).startsWith("not JSON"));
        assertThat(counters.quarantined()).isEqualTo(2);
    }

    @Test
    void shouldCountAQuarantinedRecordOnceWhenItIsReadAgain() {
        subscriptions.pipeInput("garbage", "{not json");
        subscriptions.pipeInput("garbage", "{not json");
        assertThat(counters.quarantined()).isEqualTo(1);

        subscriptions.pipeInput("garbage", "[\"still not a subscription\"]");
        assertThat(counters.quarantined()).isEqualTo(2);
        assertThat(index.quarantined()).singleElement()
                .satisfies(q -> assertThat(q.preview()).contains("still not a subscription"));

        subscribe("garbage", "\"table\":\"orders\",\"type\":\"QUEUE\"");
        assertThat(index.quarantined()).isEmpty();
        subscriptions.pipeInput("garbage", "{not json");
        assertThat(counters.quarantined()).isEqualTo(3);
    }

    @Test
    void shouldDeadLetterUndecodableAndInvalidEventsWithProvenanceAndKeepRouting() {
        subscribe("s", "\"table\":\"orders\",\"type\":\"QUEUE\"");
        events.pipeInput(new TestRecord<>("k1", "{oops", T0));
        events.pipeInput(new TestRecord<>("k2", "{\"specversion\":\"1.0\",\"id\":\"x\"}", T0));
        pipeEvent(orderChange(null, "1", "INSERT", "{}", 0), T0);

        List<TestRecord<String, byte[]>> dead = deadLetters().readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).key()).isEqualTo("k1");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{oops");
        assertThat(header(dead.get(0), "kafka_original-topic")).isEqualTo("tributary.events");
        assertThat(header(dead.get(0), "kafka_original-offset")).isEqualTo("0");
        assertThat(header(dead.get(0), "kafka_original-partition")).isEqualTo("0");
        assertThat(header(dead.get(0), "tributary-reason")).startsWith("not JSON");
        assertThat(header(dead.get(0), "tributary-reason-code")).isEqualTo("UNDECODABLE");
        assertThat(header(dead.get(0), "tributary-header-encoding")).isEqualTo("binary");
        assertThat(dead.get(0).headers().lastHeader("kafka_original-offset").value()).hasSize(8);
        assertThat(dead.get(0).headers().lastHeader("kafka_original-partition").value()).hasSize(4);
        assertThat(io.tributary.model.DeadLetterHeaders.originalTimestamp(dead.get(0).headers()))
                .isEqualTo(T0.toEpochMilli());
        assertThat(header(dead.get(1), "tributary-reason-code")).isEqualTo("INVALID_EVENT");
        assertThat(header(dead.get(1), "kafka_original-offset")).isEqualTo("1");
        assertThat(header(dead.get(1), "kafka_exception-message")).contains("source: is required",
                "type: is required");
        assertThat(header(dead.get(1), "kafka_exception-fqcn"))
                .isEqualTo("io.tributary.model.InvalidInputException");
        assertThat(handler("QUEUE").readValuesToList()).hasSize(1);
        assertThat(counters.deadLettered()).isEqualTo(2);
    }

    @Test
    void shouldDeadLetterEventsDeeperThanTheLoopGuard() {
        subscribe("s", "\"table\":\"orders\",\"type\":\"QUEUE\"");
        pipeEvent(orderChange(null, "deep", "INSERT", "{}", 9), T0);
        pipeEvent(orderChange(null, "ok", "INSERT", "{}", 8), T0);

        assertThat(handler("QUEUE").readValuesToList()).extracting(Delivery::deliveryId)
                .containsExactly("lsn-ok-INSERT:s");
        assertThat(deadLetters().readRecordsToList()).singleElement().satisfies(record -> {
            assertThat(header(record, "tributary-reason")).isEqualTo(
                    "event depth 9 exceeds the maximum of 8 (loop guard: a chain of handlers keeps producing events)");
            assertThat(header(record, "tributary-reason-code")).isEqualTo("TOO_DEEP");
        });
    }

    @Test
    void shouldSuppressMatchesInsideTheCooldownPerRecordEvenAfterARestart() {
        subscribe("s", "\"table\":\"orders\",\"type\":\"QUEUE\",\"cooldown\":\"PT10M\"");
        pipeEvent(orderChange(null, "1", "INSERT", "{}", 0), T0);
        pipeEvent(orderChange(null, "1", "UPDATE", "{}", 0), T0.plusSeconds(60));
        pipeEvent(orderChange(null, "2", "INSERT", "{}", 0), T0.plusSeconds(60));
        assertThat(handler("QUEUE").readValuesToList()).extracting(Delivery::deliveryId)
                .containsExactly("lsn-1-INSERT:s", "lsn-2-INSERT:s");
        assertThat(counters.suppressedByCooldown()).isEqualTo(1);

        // A restarted instance restores its stores from their changelog topics; do the same by hand, since the
        // test driver neither keeps state between drivers nor restores from changelogs.
        var changelog = driver.createOutputTopic("router-test-" + RouterTopology.COOLDOWN_STORE + "-changelog",
                Serdes.String().deserializer(), Serdes.Long().deserializer()).readKeyValuesToList();
        assertThat(changelog).isNotEmpty();
        driver.close();
        startDriver();
        KeyValueStore<String, Long> restored = driver.getKeyValueStore(RouterTopology.COOLDOWN_STORE);
        changelog.forEach(entry -> restored.put(entry.key, entry.value));
        subscribe("s", "\"table\":\"orders\",\"type\":\"QUEUE\",\"cooldown\":\"PT10M\"");
        pipeEvent(orderChange(null, "1", "DELETE", "{}", 0), T0.plusSeconds(120));
        pipeEvent(orderChange(null, "1", "UPDATE", "{}", 0), T0.plusSeconds(601));

        // The DELETE has no old row and DELETE filters test old: without a filter it still matches.
        assertThat(handler("QUEUE").readValuesToList()).extracting(Delivery::deliveryId)
                .containsExactly("lsn-1-UPDATE:s");
        assertThat(counters.suppressedByCooldown()).isEqualTo(1);
    }

    @Test
    void shouldRouteAmongTenThousandSubscriptionsOverAThousandTenants() {
        // The index is filled directly (a record through the test driver flushes its state store each time, which
        // would make this test about the driver); the two subscriptions that match arrive through the topic.
        for (int i = 0; i < 10_000; i++) {
            String fields = "\"tenant\":\"co_" + (i % 1000) + "\",\"table\":\"orders\",\"type\":\"QUEUE\","
                    + "\"filter\":{\"bucket\":" + (i / 1000) + "}";
            if (i == 3007 || i == 9999) {
                subscribe("s" + i, fields);
            } else {
                index.upsert(Subscription.fromJson(Json.parse("{\"id\":\"s" + i + "\",\"name\":\"s" + i + "\","
                        + fields + "}")));
            }
        }
        assertThat(index.size()).isEqualTo(10_000);

        pipeEvent(orderChange("co_7", "1", "INSERT", "{\"bucket\":3}", 0), T0);
        pipeEvent(orderChange("co_999", "2", "INSERT", "{\"bucket\":9}", 0), T0);
        pipeEvent(orderChange("co_unknown", "3", "INSERT", "{\"bucket\":1}", 0), T0);

        assertThat(handler("QUEUE").readValuesToList()).extracting(Delivery::deliveryId)
                .containsExactly("lsn-1-INSERT:s3007", "lsn-2-INSERT:s9999");
    }

    /** The size of a delivery as the router writes it: its record key and its JSON. */
    private static int deliveryBytes(String event, String subscription) {
        Delivery delivery = Delivery.of(EventEnvelope.fromJson(Json.parse(event)),
                Subscription.fromJson(Json.parse(subscription)));
        return delivery.recordKey().getBytes(StandardCharsets.UTF_8).length
                + TributarySerdes.delivery().serializer().serialize("t", delivery).length;
    }

    @Test
    void shouldDeadLetterTheEventOfADeliveryTooLargeForARecordAndDeliverTheOthers() {
        String big = "\"table\":\"orders\",\"type\":\"QUEUE\",\"config\":{\"note\":\"" + "n".repeat(30_000) + "\"}";
        subscribe("big", big);
        subscribe("small", "\"table\":\"orders\",\"type\":\"QUEUE\"");
        String large = orderChange(null, "1", "INSERT", "{\"blob\":\"" + "b".repeat(1_030_000) + "\"}", 0);
        pipeEvent(large, T0);
        pipeEvent(orderChange(null, "2", "INSERT", "{}", 0), T0);

        assertThat(handler("QUEUE").readValuesToList()).extracting(Delivery::deliveryId)
                .containsExactly("lsn-1-INSERT:small", "lsn-2-INSERT:big", "lsn-2-INSERT:small");
        int size = deliveryBytes(large, "{\"id\":\"big\",\"name\":\"big\"," + big + "}");
        assertThat(size).isGreaterThan(TopicLayout.MAX_RECORD_BYTES);
        List<TestRecord<String, byte[]>> dead = deadLetters().readRecordsToList();
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("key");
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(large);
            String reason = "delivery lsn-1-INSERT:big is " + size + " bytes as a Kafka record (key and value); at most "
                    + TopicLayout.MAX_RECORD_BYTES + " fit in one";
            assertThat(header(record, "tributary-reason")).isEqualTo(reason);
            assertThat(header(record, "kafka_exception-message")).isEqualTo(reason);
            assertThat(header(record, "kafka_exception-fqcn"))
                    .isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException");
            assertThat(header(record, "kafka_original-topic")).isEqualTo("tributary.events");
            assertThat(header(record, "kafka_original-offset")).isEqualTo("0");
            assertThat(header(record, "tributary-delivery-id")).isEqualTo("lsn-1-INSERT:big");
            assertThat(header(record, "tributary-subscription-id")).isEqualTo("big");
            assertThat(header(record, "tributary-reason-code")).isEqualTo("TOO_LARGE");
            assertThat(record.headers().lastHeader("tributary-value-omitted")).isNull();
        });
        assertThat(counters.deliveriesDeadLettered()).isEqualTo(1);
        assertThat(counters.deadLettered()).isEqualTo(1);
        assertThat(counters.routed()).isEqualTo(3);
    }

    @Test
    void shouldDeadLetterWithoutTheEventWhenTheDeadLetterWouldNotFitInARecord() {
        subscribe("s", "\"table\":\"orders\",\"type\":\"QUEUE\"");
        String skeleton = orderChange(null, "1", "INSERT", "{\"blob\":\"\"}", 0);
        // Key and value exactly at the record limit: the event fits, its delivery and its dead letter do not.
        String large = orderChange(null, "1", "INSERT", "{\"blob\":\""
                + "b".repeat(TopicLayout.MAX_RECORD_BYTES - "key".length() - skeleton.length()) + "\"}", 0);
        assertThat("key".length() + large.length()).isEqualTo(TopicLayout.MAX_RECORD_BYTES);
        pipeEvent(large, T0);
        pipeEvent(orderChange(null, "2", "INSERT", "{}", 0), T0);

        assertThat(handler("QUEUE").readValuesToList()).extracting(Delivery::deliveryId)
                .containsExactly("lsn-2-INSERT:s");
        assertThat(deadLetters().readRecordsToList()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("key");
            assertThat(record.value()).isNull();
            assertThat(header(record, "tributary-value-omitted")).isEqualTo(Integer.toString(large.length()));
            assertThat(header(record, "kafka_original-topic")).isEqualTo("tributary.events");
            assertThat(header(record, "kafka_original-offset")).isEqualTo("0");
            assertThat(header(record, "tributary-delivery-id")).isEqualTo("lsn-1-INSERT:s");
            assertThat(header(record, "tributary-reason")).startsWith("delivery lsn-1-INSERT:s is ");
        });
    }

    @Test
    void shouldDeadLetterADeliveryKafkaRefusedWhenItsEventIsProcessedAgain() {
        subscribe("s", "\"table\":\"orders\",\"type\":\"QUEUE\"");
        DeliveryFailures.Failure tooLarge = new DeliveryFailures.Failure("tributary.handler.queue",
                "org.apache.kafka.common.errors.RecordTooLargeException",
                "The request included a message larger than the max message size the server will accept.");
        // Refused as too large the first time, a delivery is measured again (the broker refuses a whole batch, so it
        // may only have been batched with a too-large one): it fits, and it is sent.
        failures.record("lsn-1-INSERT:s", tooLarge);
        pipeEvent(orderChange(null, "1", "INSERT", "{}", 0), T0);
        assertThat(handler("QUEUE").readValuesToList()).extracting(Delivery::deliveryId)
                .containsExactly("lsn-1-INSERT:s");
        assertThat(deadLetters().readRecordsToList()).isEmpty();

        // Refused again, it is dead-lettered with the producer's reason.
        failures.record("lsn-1-INSERT:s", tooLarge);
        pipeEvent(orderChange(null, "1", "INSERT", "{}", 0), T0);
        pipeEvent(orderChange(null, "2", "INSERT", "{}", 0), T0);

        assertThat(handler("QUEUE").readValuesToList()).extracting(Delivery::deliveryId)
                .containsExactly("lsn-2-INSERT:s");
        assertThat(deadLetters().readRecordsToList()).singleElement().satisfies(record -> {
            assertThat(header(record, "tributary-reason")).isEqualTo("delivery lsn-1-INSERT:s was refused by Kafka"
                    + " for tributary.handler.queue: The request included a message larger than the max message size"
                    + " the server will accept.");
            assertThat(header(record, "tributary-reason-code")).isEqualTo("TOO_LARGE");
            assertThat(header(record, "kafka_exception-fqcn"))
                    .isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException");
            assertThat(header(record, "tributary-subscription-id")).isEqualTo("s");
        });
        assertThat(failures.size()).isZero();

        // The note is taken once: the same event routed again (a replay) is delivered.
        pipeEvent(orderChange(null, "1", "INSERT", "{}", 0), T0);
        assertThat(handler("QUEUE").readValuesToList()).extracting(Delivery::deliveryId)
                .containsExactly("lsn-1-INSERT:s");
    }

    @Test
    void shouldDeadLetterADeliveryLargerThanItsHandlerTopicTakesBeforeSendingIt() {
        driver.close();
        List<String> calls = new java.util.ArrayList<>();
        startDriver(topic -> {
            calls.add("limit " + topic);
            return topic.equals(TOPICS.handler("QUEUE")) ? 20_000 : HandlerTopicLimits.UNKNOWN;
        }, topic -> calls.add("create " + topic));
        subscribe("q", "\"table\":\"orders\",\"type\":\"QUEUE\"");
        subscribe("w", "\"table\":\"orders\",\"type\":\"WEBHOOK\",\"config\":{\"url\":\"https://h.example.com/w\"}");
        String large = orderChange(null, "1", "INSERT", "{\"blob\":\"" + "b".repeat(40_000) + "\"}", 0);
        pipeEvent(large, T0);
        pipeEvent(orderChange(null, "2", "INSERT", "{}", 0), T0);

        // The queue topic takes 20,000 bytes: the large delivery goes to the dead letters, the webhook topic (whose
        // limit is not known) gets it, and the next event is routed to both.
        assertThat(handler("QUEUE").readValuesToList()).extracting(Delivery::deliveryId)
                .containsExactly("lsn-2-INSERT:q");
        assertThat(handler("WEBHOOK").readValuesToList()).extracting(Delivery::deliveryId)
                .containsExactly("lsn-1-INSERT:w", "lsn-2-INSERT:w");
        int size = deliveryBytes(large, "{\"id\":\"q\",\"name\":\"q\",\"table\":\"orders\",\"type\":\"QUEUE\"}");
        String reason = "delivery lsn-1-INSERT:q is " + size + " bytes as a Kafka record (key and value); at most"
                + " 19488 fit in one on tributary.handler.queue (its max.message.bytes is 20000, less 512 for Kafka's"
                + " framing)";
        assertThat(deadLetters().readRecordsToList()).singleElement().satisfies(record -> {
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(large);
            assertThat(header(record, "tributary-reason")).isEqualTo(reason);
            assertThat(header(record, "kafka_exception-message")).isEqualTo(reason);
            assertThat(header(record, "kafka_exception-fqcn"))
                    .isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException");
            assertThat(header(record, "tributary-delivery-id")).isEqualTo("lsn-1-INSERT:q");
            assertThat(header(record, "tributary-subscription-id")).isEqualTo("q");
        });
        // Each topic is created before its limit is asked for, so the limit is the one the topic has.
        for (String topic : List.of("tributary.handler.queue", "tributary.handler.webhook")) {
            assertThat(calls.indexOf("create " + topic)).isNotNegative().isLessThan(calls.indexOf("limit " + topic));
        }
        assertThat(calls.stream().filter(call -> call.startsWith("limit "))).hasSize(4);
        assertThat(counters.deliveriesDeadLettered()).isEqualTo(1);
        assertThat(counters.routed()).isEqualTo(3);
    }

    /** A header as {@code tributary dlt} shows it: the provenance numbers decoded, the rest as text. */
    private static String header(TestRecord<String, byte[]> record, String name) {
        return io.tributary.model.DeadLetterHeaders.text(record.headers(), record.headers().lastHeader(name));
    }
}
