package io.tributary.bench.dispatch;

import com.sun.net.httpserver.HttpServer;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.model.serde.TributarySerdes;
import io.tributary.model.signing.WebhookSigner;
import io.tributary.localinfra.LocalKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Deliveries per second of the webhook-dispatcher against a local receiver, beside a plain HTTP client posting the
 * same signed requests to the same receiver with the same number of connections, in the same run. The receiver
 * verifies every signature. The dispatcher runs as its own process (its exec jar) on an in-JVM KRaft broker, and
 * drains a backlog of deliveries already on its topic; its time runs from its first request to the last one.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.tributary.bench.dispatch.DispatchThroughput [deliveries] [connections]</pre>
 */
public final class DispatchThroughput {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicLong firstNanos = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int deliveries = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        new DispatchThroughput().run(deliveries, connections);
    }

    void run(int deliveries, int connections) throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        receiver.setExecutor(Executors.newFixedThreadPool(connections * 2));
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (!WebhookSigner.verify(List.of(SECRET), id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, Instant.now(),
                    Duration.ofMinutes(5))) {
                badSignatures.incrementAndGet();
            }
            long now = System.nanoTime();
            firstNanos.compareAndSet(0, now);
            lastNanos.set(now);
            requests.incrementAndGet();
            received.add(id);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        List<Delivery> batch = new ArrayList<>(deliveries);
        for (int i = 0; i < deliveries; i++) {
            batch.add(delivery("evt-" + i, url));
        }
        System.out.printf("%d deliveries, %d connections to one local receiver that verifies every signature%n",
                deliveries, connections);

        double plain = plainClient(batch, url, connections);
        reset();
        LocalKafka kafka = LocalKafka.temporary(Map.of("num.partitions", "1", "auto.create.topics.enable", "true"))
                .start();
        Process dispatcher = null;
        try {
            dispatcher = dispatcher(kafka.bootstrapServers(), batch, connections);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (received.size() < deliveries && System.nanoTime() < deadline && dispatcher.isAlive()) {
                Thread.sleep(50);
            }
            if (received.size() < deliveries) {
                throw new IllegalStateException("the dispatcher delivered " + received.size() + " of " + deliveries);
            }
            double seconds = (lastNanos.get() - firstNanos.get()) / 1e9;
            double rate = deliveries / seconds;
            System.out.printf("webhook-dispatcher: %,.0f deliveries/s (%d requests for %d deliveries in %.2f s,"
                    + " %d bad signatures)%n", rate, requests.get(), deliveries, seconds, badSignatures.get());
            System.out.printf("plain HTTP client:  %,.0f requests/s%n", plain);
            System.out.printf("ratio dispatcher / plain client: %.2f%n", rate / plain);
        } finally {
            if (dispatcher != null) {
                dispatcher.destroy();
                dispatcher.waitFor(30, TimeUnit.SECONDS);
                dispatcher.destroyForcibly();
            }
            kafka.stop();
            receiver.stop(0);
            System.exit(0);
        }
    }

    private void reset() {
        received.clear();
        requests.set(0);
        badSignatures.set(0);
        firstNanos.set(0);
        lastNanos.set(0);
    }

    /** The same requests (body, signature headers) from Apache HttpClient 5 async, as many at once as it can. */
    private double plainClient(List<Delivery> batch, String url, int connections) throws Exception {
        try (CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(connections).setMaxConnTotal(connections).build())
                .build()) {
            client.start();
            Semaphore window = new Semaphore(connections * 8);
            AtomicInteger failed = new AtomicInteger();
            long start = System.nanoTime();
            for (Delivery delivery : batch) {
                byte[] body = Json.mapper().writeValueAsBytes(delivery.event().toJson());
                long timestamp = Instant.now().getEpochSecond();
                window.acquire();
                client.execute(SimpleRequestBuilder.post(url).setBody(body, ContentType.APPLICATION_JSON)
                        .setHeader(WebhookSigner.ID_HEADER, delivery.deliveryId())
                        .setHeader(WebhookSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
                        .setHeader(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(List.of(SECRET),
                                delivery.deliveryId(), timestamp, body)).build(),
                        new FutureCallback<SimpleHttpResponse>() {
                            @Override
                            public void completed(SimpleHttpResponse result) {
                                window.release();
                            }

                            @Override
                            public void failed(Exception ex) {
                                failed.incrementAndGet();
                                window.release();
                            }

                            @Override
                            public void cancelled() {
                                window.release();
                            }
                        });
            }
            window.acquire(connections * 8);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failed.get() > 0 || received.size() != batch.size()) {
                throw new IllegalStateException("plain client: " + failed.get() + " failed, " + received.size()
                        + " received of " + batch.size());
            }
            return batch.size() / seconds;
        }
    }

    private static Process dispatcher(String bootstrap, List<Delivery> batch, int connections) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("bench.handler.webhook", 3, (short) 1))).all().get();
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap,
                "linger.ms", 20, "batch.size", 262_144), new StringSerializer(),
                TributarySerdes.delivery().serializer())) {
            for (Delivery delivery : batch) {
                producer.send(new ProducerRecord<>("bench.handler.webhook", delivery.recordKey(), delivery));
            }
            producer.flush();
        }
        Path jar = execJar();
        Path log = Files.createTempFile("dispatch-throughput", ".log");
        System.out.println("dispatcher log: " + log);
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-jar", jar.toString(), "--server.port=0", "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--tributary.webhook.topic-prefix=bench", "--tributary.webhook.allowed-cidrs[0]=127.0.0.0/8",
                "--tributary.webhook.max-connections-per-endpoint=" + connections, "--tributary.webhook.concurrency=3")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Path execJar() throws IOException {
        for (Path dir : List.of(Path.of("webhook-dispatcher", "target"), Path.of("..", "webhook-dispatcher", "target"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    Optional<Path> jar = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst();
                    if (jar.isPresent()) {
                        return jar.get();
                    }
                }
            }
        }
        throw new IllegalStateException("no webhook-dispatcher/target/*-exec.jar: run mvn install -DskipTests first,"
                + " from the project root");
    }

    private static Delivery delivery(String id, String url) {
        EventEnvelope event = EventEnvelope.fromJson(Json.parse("{\"specversion\":\"1.0\",\"id\":\"" + id + "\","
                + "\"source\":\"/services/shop\",\"type\":\"order.confirmed\",\"subject\":\"" + id + "\","
                + "\"data\":{\"order\":\"" + id + "\",\"total\":\"129.90\",\"customer\":\"c-42\"}}"));
        return Delivery.of(event, Subscription.fromJson(Json.parse("{\"id\":\"sub_bench\",\"name\":\"bench\","
                + "\"eventType\":\"order.*\",\"type\":\"WEBHOOK\",\"config\":{\"url\":\"" + url + "\",\"secret\":\""
                + SECRET + "\"}}")));
    }
}
