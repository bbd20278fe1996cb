package io.tributary.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.model.Json;
import io.tributary.model.signing.WebhookSigner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The local stack's webhook receiver on loopback: verifies each delivery's Standard Webhooks signature and prints
 * it as one line. {@code /hooks/<name>} answers 200; a path ending in {@code /fail} answers 503 and one ending in
 * {@code /gone} 410, to watch retries, dead letters and pausing.
 */
final class DemoReceiver implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final HttpServer server;
    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private final PrintStream out;
    private final List<String> received = new CopyOnWriteArrayList<>();

    DemoReceiver(int port, PrintStream out) throws IOException {
        this.out = out;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/hooks/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String name) {
        return "http://127.0.0.1:" + port() + "/hooks/" + name;
    }

    void trust(String secret) {
        secrets.add(secret);
    }

    /** One line per delivery received, as printed. */
    List<String> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            boolean verified = WebhookSigner.verify(secrets, id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, Instant.now(), Duration.ofMinutes(5));
            String path = exchange.getRequestURI().getPath();
            int status = path.endsWith("/fail") ? 503 : path.endsWith("/gone") ? 410 : 200;
            String line = String.format("[%s] %s %-24s record %-6s tenant %-8s %s  webhook-id %s  signature %s",
                    LocalTime.now().format(TIME), status == 200 ? "received" : "answered " + status,
                    field(body, "type"), field(body, "recordId"), field(body, "tenant"), summary(body), id,
                    verified ? "ok" : "INVALID");
            received.add(line);
            out.println(line);
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private static String field(byte[] body, String name) {
        try {
            JsonNode value = Json.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8)).get(name);
            return value == null || value.isNull() ? "-" : value.asText();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static String summary(byte[] body) {
        try {
            JsonNode row = Json.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8)).get("new");
            if (row == null || !row.isObject()) {
                return "";
            }
            StringBuilder text = new StringBuilder();
            for (String column : List.of("customer", "status", "amount")) {
                if (row.has(column)) {
                    text.append(column).append('=').append(row.get(column).asText()).append(' ');
                }
            }
            return text.toString().strip();
        } catch (RuntimeException e) {
            return "";
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
