package io.tributary.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.model.Json;
import io.tributary.model.signing.WebhookSigner;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The webhook endpoints of the chaos run, on a fixed loopback port: {@code /hooks/<subscription>} verifies the
 * Standard Webhooks signature and records {@code (webhook-id, key, seq)} in the {@link Ledger}. It can be stopped
 * (connections are refused) and started again on the same port, or made to answer 503. Thread-safe.
 */
final class ChaosReceiver implements AutoCloseable {

    private final int port;
    private final String secret;
    private final Ledger ledger;
    private final AtomicInteger unavailableAnswers = new AtomicInteger();
    private final AtomicInteger invalidSignatures = new AtomicInteger();
    private volatile boolean unavailable;
    private HttpServer server;
    private ExecutorService executor;

    ChaosReceiver(int port, String secret, Ledger ledger) {
        this.port = port;
        this.secret = secret;
        this.ledger = ledger;
    }

    String url(String subscription) {
        return "http://127.0.0.1:" + port + "/hooks/" + subscription;
    }

    /** Listens again; waits for the port while the kernel still holds it from the last run. */
    synchronized void start() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
                break;
            } catch (BindException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
        executor = Executors.newFixedThreadPool(16);
        server.setExecutor(executor);
        server.createContext("/hooks/", this::handle);
        server.start();
    }

    /** Stops listening: from now on connections to the port are refused. */
    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** While true, every request is answered 503 and recorded nowhere. */
    void unavailable(boolean value) {
        unavailable = value;
    }

    int unavailableAnswers() {
        return unavailableAnswers.get();
    }

    int invalidSignatures() {
        return invalidSignatures.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst(WebhookSigner.ID_HEADER);
            if (unavailable) {
                unavailableAnswers.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            if (!WebhookSigner.verify(List.of(secret), id,
                    exchange.getRequestHeaders().getFirst(WebhookSigner.TIMESTAMP_HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookSigner.SIGNATURE_HEADER), body, Instant.now(),
                    WebhookSigner.DEFAULT_TOLERANCE)) {
                invalidSignatures.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String subscription = exchange.getRequestURI().getPath().substring("/hooks/".length());
            JsonNode row = Json.parse(new String(body, StandardCharsets.UTF_8)).path("new");
            // Recorded before answering: an ordered subscription's next delivery starts only after this answer.
            ledger.delivered(subscription, id, row.path("id").asInt(), row.path("seq").asLong());
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
