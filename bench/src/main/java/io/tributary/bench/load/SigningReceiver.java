package io.tributary.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.model.Json;
import io.tributary.model.signing.WebhookSigner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook endpoint of the load run: a JDK HTTP server on loopback that checks the Standard Webhooks signature
 * of every request, notes when each row's delivery arrived, and answers 204 (401 to a bad signature, which is also
 * counted). Thread-safe; its handler threads are a fixed pool.
 */
final class SigningReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<String> secrets;
    private final RowTimes times;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong unknownRows = new AtomicLong();

    SigningReceiver(String secret, RowTimes times, int threads) throws IOException {
        this.secrets = List.of(secret);
        this.times = times;
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "receiver");
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            long arrived = RowTimes.nowMicros();
            requests.incrementAndGet();
            var headers = exchange.getRequestHeaders();
            if (!WebhookSigner.verify(secrets, headers.getFirst(WebhookSigner.ID_HEADER),
                    headers.getFirst(WebhookSigner.TIMESTAMP_HEADER), headers.getFirst(WebhookSigner.SIGNATURE_HEADER),
                    body, Instant.now(), Duration.ofMinutes(5))) {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            long id = rowId(body);
            if (!times.covers(id)) {
                unknownRows.incrementAndGet();
            } else if (!times.mark(RowTimes.Point.RECEIVED, id, arrived)) {
                duplicates.incrementAndGet();
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** The row's id from the default webhook body's {@code recordId}; -1 when there is none. */
    private static long rowId(byte[] body) {
        try {
            JsonNode recordId = Json.mapper().readTree(body).path("recordId");
            return recordId.isMissingNode() ? -1 : Long.parseLong(recordId.asText());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    long requests() {
        return requests.get();
    }

    long badSignatures() {
        return badSignatures.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long unknownRows() {
        return unknownRows.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
