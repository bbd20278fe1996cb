package io.tributary.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.TributaryInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The client library against a real broker and a real PostgreSQL. */
@TributaryInfrastructure
class DeliveryListenerIT {

    private static Delivery delivery(int n) {
        EventEnvelope event = EventEnvelope.fromJson(Json.parse("{\"specversion\": \"1.0\", \"id\": \"e-" + n + "\","
                + " \"source\": \"/services/shop\", \"type\": \"order.confirmed\", \"subject\": \"o-" + n + "\","
                + " \"data\": {\"n\": " + n + "}}"));
        return Delivery.of(event, Subscription.fromJson(Json.parse("{\"id\": \"sub_search\", \"name\": \"search\","
                + " \"eventType\": \"order.*\", \"type\": \"SEARCH\"}")));
    }

    private static void produce(KafkaCluster kafka, String topic, Map<String, String> records) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (Map.Entry<String, String> record : records.entrySet()) {
                producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue())).get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void shouldHandleEachDeliveryOnceAcrossACrashAndDeadLetterWhatKeepsFailing(KafkaCluster kafka,
            PostgresDatabase server) throws Exception {
        PostgresDatabase db = server.createDatabase("client_listener");
        String topic = "cl.handler.search";
        kafka.createTopics(1, topic, topic + "-dlt");
        Map<String, String> records = new java.util.LinkedHashMap<>();
        for (int n = 1; n <= 20; n++) {
            Delivery delivery = delivery(n);
            records.put(delivery.recordKey(), Json.write(delivery.toJson()));
        }
        records.put("poison", "{not a delivery");
        produce(kafka, topic, records);

        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        CountDownLatch eighth = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JdbcDedupeStore dedupe = new JdbcDedupeStore(db::connect, "search-indexer");
        DeliveryListener first = DeliveryListener.builder(kafka.bootstrapServers(), topic, "search-indexer")
                .dedupe(dedupe).backoff(Duration.ofMillis(10)).maxAttempts(2)
                .handler(delivery -> {
                    int count = handled.computeIfAbsent(delivery.deliveryId(), id -> new AtomicInteger())
                            .incrementAndGet();
                    if (delivery.deliveryId().startsWith("e-8:") && count == 1) {
                        eighth.countDown();
                        release.await();
                    }
                })
                .start();
        assertThat(eighth.await(60, TimeUnit.SECONDS)).isTrue();
        // Killed while handling the eighth record of a batch: nothing of the batch was committed.
        CompletableFuture<Void> crash = CompletableFuture.runAsync(first::abort);
        Thread.sleep(300);
        release.countDown();
        crash.get(60, TimeUnit.SECONDS);
        assertThat(handled).hasSize(8);

        DeliveryListener second = DeliveryListener.builder(kafka.bootstrapServers(), topic, "search-indexer")
                .dedupe(dedupe).backoff(Duration.ofMillis(10)).maxAttempts(2)
                .handler(delivery -> {
                    handled.computeIfAbsent(delivery.deliveryId(), id -> new AtomicInteger()).incrementAndGet();
                    if (delivery.deliveryId().startsWith("e-13:")) {
                        throw new IllegalStateException("the index refuses o-13");
                    }
                })
                .start();
        try {
            List<ConsumerRecord<String, String>> dead = kafka.consume(topic + "-dlt", 2, Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 20);
            assertThat(handled.entrySet()).allSatisfy(entry -> assertThat(entry.getValue().get())
                    .as(entry.getKey()).isEqualTo(entry.getKey().startsWith("e-13:") ? 2 : 1));
            assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("poison",
                    delivery(13).recordKey());
            ConsumerRecord<String, String> refused = dead.stream().filter(r -> !r.key().equals("poison"))
                    .findFirst().orElseThrow();
            assertThat(header(refused, "kafka_exception-message")).isEqualTo("the index refuses o-13");
            assertThat(header(refused, "tributary-attempts")).isEqualTo("2");
            assertThat(header(refused, "kafka_original-topic")).isEqualTo(topic);
            assertThat(header(refused, "tributary-reason-code")).isEqualTo("RETRIES_EXHAUSTED");
            ConsumerRecord<String, String> poison = dead.stream().filter(r -> r.key().equals("poison")).findFirst()
                    .orElseThrow();
            assertThat(header(poison, "tributary-reason-code")).isEqualTo("UNDECODABLE");
            Map<String, Long> offsets = new java.util.HashMap<>();
            kafka.readAll(topic).forEach(r -> offsets.put(r.key(), r.offset()));
            for (ConsumerRecord<String, String> letter : dead) {
                assertThat(io.tributary.model.DeadLetterHeaders.originalOffset(letter.headers())).as(letter.key())
                        .isEqualTo(offsets.get(letter.key()));
                assertThat(io.tributary.model.DeadLetterHeaders.originalPartition(letter.headers())).isZero();
                assertThat(letter.headers().lastHeader("kafka_original-offset").value()).hasSize(8);
            }
        } finally {
            second.close();
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldPublishEnvelopesThatCarryTheirCause(KafkaCluster kafka) throws Exception {
        kafka.createTopics(1, "pub.events");
        EventEnvelope cause = EventEnvelope.fromJson(Json.parse("{\"specversion\": \"1.0\", \"id\": \"e-1\","
                + " \"source\": \"/services/shop\", \"type\": \"order.confirmed\", \"tenant\": \"co_1\","
                + " \"correlationid\": \"req-42\", \"depth\": 2, \"data\": {}}"));
        try (EventPublisher publisher = new EventPublisher(kafka.bootstrapServers(), "/services/billing", "pub",
                Map.of())) {
            EventEnvelope sent = publisher.publish(publisher.event("invoice.created", Json.parse("{\"total\": 12.50}"))
                    .subject("inv_7").causedBy(cause));
            EventEnvelope other = publisher.publishAsync(publisher.event("invoice.voided", null).id("inv_8-voided")
                    .tenant("co_2").subject("inv_8").build()).get(30, TimeUnit.SECONDS);
            assertThat(other.id()).isEqualTo("inv_8-voided");
            List<ConsumerRecord<String, String>> records = kafka.consume("pub.events", 2, Duration.ofSeconds(30));
            assertThat(records).extracting(ConsumerRecord::key)
                    .containsExactly("co_1//services/billing/inv_7", "co_2//services/billing/inv_8");
            EventEnvelope read = EventEnvelope.fromJson(Json.parse(records.get(0).value()));
            assertThat(read).isEqualTo(sent);
            assertThat(read.correlationid()).isEqualTo("req-42");
            assertThat(read.causationid()).isEqualTo("e-1");
            assertThat(read.depth()).isEqualTo(3);
            assertThat(read.tenant()).isEqualTo("co_1");
            assertThat(Json.write(read.data())).isEqualTo("{\"total\":12.50}");
        }
    }
}
