package io.tributary.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.model.Delivery;
import io.tributary.model.Json;
import io.tributary.router.index.SubscriptionIndex;
import io.tributary.router.topology.RouterCounters;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The router against a real broker: exactly-once, one instance and two sharing the partitions. */
@ExtendWith(KafkaExtension.class)
class RouterStreamsIT {

    @TempDir
    Path stateDir;

    private RouterStreams router(KafkaCluster kafka, String prefix, String instance) {
        RouterProperties properties = new RouterProperties(true, prefix + "-router", prefix, 8, 4, (short) -1,
                Map.of("state.dir", stateDir.resolve(instance).toString(), "commit.interval.ms", "100"));
        return new RouterStreams(properties, kafka.bootstrapServers(), new SubscriptionIndex(), new RouterCounters(),
                new SimpleMeterRegistry());
    }

    private static void produce(KafkaCluster kafka, List<ProducerRecord<String, String>> records) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "acks", "all"), new StringSerializer(), new StringSerializer())) {
            for (ProducerRecord<String, String> record : records) {
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String event(String id) {
        return """
                {"specversion":"1.0","id":"%1$s","source":"/postgres/shop/public/orders","type":"orders.insert",
                 "tenant":"co_1","data":{"table":"orders","schema":"public","operation":"INSERT","recordId":"%1$s",
                 "new":{"id":"%1$s","status":"confirmed"}}}""".formatted(id);
    }

    private static String subscription(String id) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"tenant\":\"co_1\",\"table\":\"orders\","
                + "\"type\":\"WEBHOOK\",\"config\":{\"url\":\"https://hooks.example.com/" + id + "\"},"
                + "\"filter\":{\"status\":\"confirmed\"}}";
    }

    private static void createTopics(KafkaCluster kafka, String prefix) {
        kafka.createTopics(4, prefix + ".events", prefix + ".events-dlt", prefix + ".handler.webhook");
        kafka.createCompactedTopic(prefix + ".subscriptions", 1);
    }

    private static void awaitRunning(RouterStreams... routers) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (RouterStreams router : routers) {
                if (router.state() != KafkaStreams.State.RUNNING) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void shouldRouteAnEventToAWebhookDeliveryExactlyOnce(KafkaCluster kafka) throws Exception {
        createTopics(kafka, "one");
        produce(kafka, List.of(new ProducerRecord<>("one.subscriptions", "sub_a", subscription("sub_a")),
                new ProducerRecord<>("one.subscriptions", "sub_s", subscription("sub_s")
                        .replace("\"type\":\"WEBHOOK\",\"config\":{\"url\":\"https://hooks.example.com/sub_s\"}",
                                "\"type\":\"SEARCH_INDEX\""))));
        RouterStreams router = router(kafka, "one", "a");
        router.start();
        try {
            awaitRunning(router);
            produce(kafka, List.of(new ProducerRecord<>("one.events", "co_1//postgres/shop/public/orders/o1",
                    event("o1"))));
            List<ConsumerRecord<String, String>> deliveries =
                    kafka.consume("one.handler.webhook", 1, Duration.ofSeconds(60));
            assertThat(deliveries).singleElement().satisfies(record -> {
                Delivery delivery = Delivery.fromJson(Json.parse(record.value()));
                assertThat(delivery.deliveryId()).isEqualTo("o1:sub_a");
                assertThat(record.key()).isEqualTo("sub_a/co_1//postgres/shop/public/orders/o1");
            });
            // A handler type without a topic gets one, with the router's partition count.
            assertThat(kafka.consume("one.handler.search_index", 1, Duration.ofSeconds(60))).hasSize(1);
            try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.<String, Object>of("bootstrap.servers",
                    kafka.bootstrapServers()))) {
                assertThat(admin.describeTopics(List.of("one.handler.search_index")).allTopicNames().get()
                        .get("one.handler.search_index").partitions()).hasSize(4);
            }
        } finally {
            router.stop();
        }
    }

    @Test
    void shouldRouteAgainWithinSecondsAfterARestart(KafkaCluster kafka) throws Exception {
        createTopics(kafka, "restart");
        produce(kafka, List.of(new ProducerRecord<>("restart.subscriptions", "sub_r", subscription("sub_r"))));
        RouterStreams first = router(kafka, "restart", "r");
        first.start();
        try {
            awaitRunning(first);
            produce(kafka, List.of(new ProducerRecord<>("restart.events", "co_1//postgres/shop/public/orders/r1",
                    event("r1"))));
            assertThat(kafka.consume("restart.handler.webhook", 1, Duration.ofSeconds(60))).hasSize(1);
        } finally {
            first.stop();
        }

        long restarted = System.nanoTime();
        RouterStreams second = router(kafka, "restart", "r");
        second.start();
        try {
            produce(kafka, List.of(new ProducerRecord<>("restart.events", "co_1//postgres/shop/public/orders/r2",
                    event("r2"))));
            List<String> ids = new ArrayList<>();
            // Without leaving the group on stop, the restarted member waits out the old one's session (45 s).
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                ids.clear();
                kafka.readAll("restart.handler.webhook").forEach(record ->
                        ids.add(Delivery.fromJson(Json.parse(record.value())).deliveryId()));
                return ids.contains("r2:sub_r");
            });
            System.out.printf("restarted router routed again after %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));
            assertThat(ids).containsExactly("r1:sub_r", "r2:sub_r");
        } finally {
            second.stop();
        }
    }

    @Test
    void shouldShareThePartitionsBetweenTwoInstancesAndRouteEachEventOnce(KafkaCluster kafka) throws Exception {
        createTopics(kafka, "two");
        produce(kafka, List.of(new ProducerRecord<>("two.subscriptions", "sub_b", subscription("sub_b"))));
        RouterStreams first = router(kafka, "two", "first");
        RouterStreams second = router(kafka, "two", "second");
        first.start();
        second.start();
        try {
            awaitRunning(first, second);
            List<ProducerRecord<String, String>> events = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                events.add(new ProducerRecord<>("two.events", "co_1//postgres/shop/public/orders/e" + i,
                        event("e" + i)));
            }
            produce(kafka, events);
            List<ConsumerRecord<String, String>> deliveries =
                    kafka.consume("two.handler.webhook", 200, Duration.ofSeconds(90));
            Set<String> ids = new TreeSet<>();
            deliveries.forEach(record -> ids.add(Delivery.fromJson(Json.parse(record.value())).deliveryId()));
            assertThat(deliveries).hasSize(200);
            assertThat(ids).hasSize(200).contains("e0:sub_b", "e199:sub_b");
        } finally {
            first.stop();
            second.stop();
        }
    }
}
