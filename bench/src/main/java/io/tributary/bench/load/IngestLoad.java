package io.tributary.bench.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingestion API's throughput: a few client threads, each posting batches of CloudEvents to
 * {@code POST /v1/events} back to back with a tenant key for a fixed time; an event counts once its request was
 * answered 202 (after Kafka acknowledged it). Other answers are counted by status. Not thread-safe itself.
 */
final class IngestLoad {

    static final String SOURCE = "/services/bench-ingest";

    private final URI url;
    private final String key;
    private final TopicObserver observer;
    private final PrintStream out;

    IngestLoad(String ingestUrl, String key, TopicObserver observer, PrintStream out) {
        this.url = URI.create(ingestUrl.replaceAll("/+$", "") + "/v1/events");
        this.key = key;
        this.observer = observer;
        this.out = out;
    }

    ObjectNode measure(int threads, int batch, double seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong accepted = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        Map<Integer, AtomicLong> refused = new ConcurrentHashMap<>();
        long onTopicBefore = observer.ingestEvents();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int client = t;
            clients.add(executor.submit(() -> {
                long sequence = 0;
                while (System.nanoTime() < end) {
                    StringBuilder body = new StringBuilder(batch * 300).append('[');
                    for (int i = 0; i < batch; i++) {
                        long n = sequence++;
                        if (i > 0) {
                            body.append(',');
                        }
                        body.append("{\"specversion\":\"1.0\",\"id\":\"bench-").append(start).append('-')
                                .append(client).append('-').append(n).append("\",\"source\":\"").append(SOURCE)
                                .append("\",\"type\":\"bench.order.placed\",\"subject\":\"order-").append(client)
                                .append('-').append(n).append("\",\"data\":{\"orderId\":\"order-").append(client)
                                .append('-').append(n).append("\",\"status\":\"confirmed\",\"customer\":\"customer-")
                                .append(n % 10_000).append("\",\"amount\":").append(n % 100_000 / 100.0)
                                .append("}}");
                    }
                    body.append(']');
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url)
                            .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                            HttpResponse.BodyHandlers.discarding());
                    requests.incrementAndGet();
                    if (response.statusCode() == 202) {
                        accepted.addAndGet(batch);
                    } else {
                        refused.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        executor.shutdown();
        long expected = accepted.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (observer.ingestEvents() - onTopicBefore < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("threads", threads);
        json.put("batch", batch);
        json.put("seconds", Latency.round(elapsed));
        json.put("requests", requests.get());
        json.put("eventsAccepted", accepted.get());
        json.put("eventsPerSecond", Math.round(accepted.get() / elapsed));
        json.put("requestsPerSecond", Math.round(requests.get() / elapsed));
        json.put("eventsSeenOnTopic", observer.ingestEvents() - onTopicBefore);
        ObjectNode statuses = json.putObject("refusedRequestsByStatus");
        refused.forEach((status, count) -> statuses.put(Integer.toString(status), count.get()));
        out.printf("ingest: %,d events accepted in %.1f s (%,d events/s, %,d requests/s), %,d seen on the topic,"
                + " refused %s%n", accepted.get(), elapsed, Math.round(accepted.get() / elapsed),
                Math.round(requests.get() / elapsed), observer.ingestEvents() - onTopicBefore, refused);
        return json;
    }
}
