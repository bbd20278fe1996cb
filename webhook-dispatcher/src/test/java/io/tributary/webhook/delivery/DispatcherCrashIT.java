package io.tributary.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.tributary.model.Delivery;
import io.tributary.model.serde.TributarySerdes;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.TributaryInfrastructure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The webhook-dispatcher as its own process, killed with SIGKILL while deliveries are in flight and started again:
 * every delivery reaches the endpoint, and one delivered again carries the same webhook-id.
 */
@TributaryInfrastructure
class DispatcherCrashIT {

    @Test
    void shouldDeliverEverythingAfterACrashWithTheSameWebhookIds(KafkaCluster kafka) throws Exception {
        kafka.createTopics(1, "crash.handler.webhook");
        List<String> received = new CopyOnWriteArrayList<>();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endpoint.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        endpoint.createContext("/", exchange -> {
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            received.add(id);
            if (id.startsWith("e-5:")) {
                // The fifth delivery hangs until the dispatcher is killed.
                inFlight.countDown();
                try {
                    hold.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            answered.add(id);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        endpoint.start();
        String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook";
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), TributarySerdes.delivery().serializer())) {
            for (int i = 1; i <= 10; i++) {
                Delivery delivery = WebhookDispatcherIT.deliveryTo("e-" + i, url);
                producer.send(new ProducerRecord<>("crash.handler.webhook", delivery.recordKey(), delivery))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        Path logs = Files.createDirectories(Path.of("target", "dispatcher-crash-it"));
        Process dispatcher = start(kafka, logs.resolve("dispatcher-1.log"));
        try {
            assertThat(inFlight.await(120, TimeUnit.SECONDS)).as("delivery 5 in flight").isTrue();
            dispatcher.destroyForcibly().waitFor();
            hold.countDown();
            dispatcher = start(kafka, logs.resolve("dispatcher-2.log"));
            // Deliveries run concurrently: the nine others were answered before the crash, but the offset of the
            // one in flight was not committed, so the restarted dispatcher delivers it (and those after it) again.
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                assertThat(answered).hasSize(10);
                assertThat(received.stream().filter(id -> id.startsWith("e-5:")).count())
                        .as("the delivery in flight is delivered again, with the same webhook-id")
                        .isGreaterThanOrEqualTo(2);
            });
            assertThat(received.stream().distinct().count()).isEqualTo(10);
            System.out.printf("dispatcher crash: %d requests for 10 deliveries%n", received.size());
        } finally {
            dispatcher.destroyForcibly().waitFor();
            endpoint.stop(0);
        }
    }

    private static Process start(KafkaCluster kafka, Path log) throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/*-exec.jar: run mvn package first"));
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-jar", jar.toString(),
                "--server.port=0", "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--tributary.webhook.topic-prefix=crash", "--tributary.webhook.group-id=crash-dispatcher",
                "--tributary.webhook.allowed-cidrs[0]=127.0.0.0/8", "--tributary.webhook.concurrency=1",
                "--tributary.webhook.timeout=PT60S",
                // A killed member holds its partitions until its session expires: keep that short.
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
