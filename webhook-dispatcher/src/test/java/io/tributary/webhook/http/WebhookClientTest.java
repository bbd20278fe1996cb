package io.tributary.webhook.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One attempt against real HTTP servers on loopback. */
class WebhookClientTest {

    private HttpServer server;
    private String base;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private WebhookClient allowed;
    private WebhookClient guarded;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", exchange -> {
            received.add("/ok " + exchange.getRequestHeaders().getFirst("webhook-id") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "thanks".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/fail", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.createContext("/busy", exchange -> {
            exchange.getResponseHeaders().add("Retry-After", "7");
            exchange.sendResponseHeaders(429, -1);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", base + "/ok");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        allowed = new WebhookClient(new SsrfGuard(List.of("127.0.0.0/8")), 4);
        guarded = new WebhookClient(new SsrfGuard(List.of()), 4);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        allowed.close();
        guarded.close();
    }

    private AttemptResult post(WebhookClient client, String url, Duration timeout) {
        return client.post(URI.create(url), Map.of("webhook-id", "d1"), "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                timeout).join();
    }

    @Test
    void shouldPostTheBodyAndHeadersAndReadTheAnswer() {
        AttemptResult result = post(allowed, base + "/ok", Duration.ofSeconds(5));
        assertThat(result.succeeded()).isTrue();
        assertThat(result.responseBody()).isEqualTo("thanks");
        assertThat(received).containsExactly("/ok d1 {\"a\":1}");
    }

    @Test
    void shouldReportFailuresAsResultsWithRetryAfter() {
        assertThat(post(allowed, base + "/fail", Duration.ofSeconds(5)).status()).isEqualTo(500);
        AttemptResult busy = post(allowed, base + "/busy", Duration.ofSeconds(5));
        assertThat(busy.status()).isEqualTo(429);
        assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void shouldTimeOutASlowEndpoint() {
        AttemptResult slow = post(allowed, base + "/slow", Duration.ofMillis(500));
        assertThat(slow.status()).isZero();
        assertThat(slow.error()).contains("timed out after 500 ms");
        assertThat(slow.latency()).isLessThan(Duration.ofMillis(2500));
    }

    /** The client's I/O dispatcher threads, which an {@link Error} such as running out of memory kills. */
    static List<Thread> ioThreads(WebhookClient client) {
        String names = client.threadNames();
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(t -> t.getKey().getName().startsWith(names) && java.util.Arrays.stream(t.getValue())
                        .anyMatch(frame -> frame.getClassName().endsWith("AbstractSingleCoreIOReactor")))
                .map(Map.Entry::getKey).toList();
    }

    @Test
    @SuppressWarnings("removal") // Thread.stop: an Error on the client's I/O threads, as running out of memory throws
    void shouldReportTheClientDownWhenItsIoThreadsDieAndRebuildIt() throws Exception {
        assertThat(post(allowed, base + "/ok", Duration.ofSeconds(5)).succeeded()).isTrue();
        String names = allowed.threadNames();
        List<Thread> threads = ioThreads(allowed);
        assertThat(threads).hasSize(Runtime.getRuntime().availableProcessors());
        threads.forEach(Thread::stop);

        // The Error reaches each thread when it next leaves the selector (within its one-second select interval).
        org.awaitility.Awaitility.await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> allowed.problem() != null);
        assertThat(allowed.problem()).startsWith(names)
                .contains(" died of java.lang.ThreadDeath");
        AttemptResult meanwhile = post(allowed, base + "/ok", Duration.ofSeconds(5));
        assertThat(meanwhile.clientUnavailable()).isTrue();
        assertThat(meanwhile.error()).startsWith("HTTP client unavailable: ");

        org.awaitility.Awaitility.await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).until(() -> allowed.problem() == null);
        assertThat(allowed.generation()).isEqualTo(2);
        assertThat(allowed.rebuilds()).isEqualTo(1);
        // The new client's I/O threads start on its first use and enter their selector shortly after.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> ioThreads(allowed).size() == Runtime.getRuntime().availableProcessors());
        assertThat(ioThreads(allowed)).hasSize(Runtime.getRuntime().availableProcessors())
                .allMatch(Thread::isAlive).noneMatch(threads::contains);
        AttemptResult after = post(allowed, base + "/ok", Duration.ofSeconds(5));
        assertThat(after.status()).isEqualTo(200);
        assertThat(received).containsExactly("/ok d1 {\"a\":1}", "/ok d1 {\"a\":1}");
    }

    @Test
    void shouldReportARefusedConnection() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        AttemptResult refused = post(allowed, "http://127.0.0.1:" + closed + "/x", Duration.ofSeconds(5));
        assertThat(refused.status()).isZero();
        assertThat(refused.error()).contains("connection refused");
        assertThat(refused.refused()).isFalse();
    }

    @Test
    void shouldNotFollowRedirects() {
        AttemptResult redirect = post(allowed, base + "/redirect", Duration.ofSeconds(5));
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(received).isEmpty();
    }

    @Test
    void shouldRefuseLoopbackTargetsWithoutAnAllowlistEvenByHostName() {
        AttemptResult byName = post(guarded, "http://localhost:" + server.getAddress().getPort() + "/ok",
                Duration.ofSeconds(5));
        assertThat(byName.status()).isZero();
        assertThat(byName.error()).startsWith("refused: localhost resolves to").contains("internal address");
        AttemptResult byAddress = post(guarded, base + "/ok", Duration.ofSeconds(5));
        assertThat(byAddress.status()).isZero();
        assertThat(byAddress.error()).contains("internal address");
        AttemptResult metadata = post(guarded, "http://169.254.169.254/latest/meta-data", Duration.ofSeconds(5));
        assertThat(metadata.error()).contains("169.254.169.254 is an internal address");
        assertThat(received).isEmpty();
    }
}
