package io.tributary.webhook.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Webhook targets inside the network, tried the ways an attacker would spell them, against a real HTTP server on
 * loopback: literal loopback, IPv6 loopback, private, link-local (the cloud metadata address), unspecified and
 * IPv4-mapped addresses, host names that resolve to loopback, redirects to internal addresses, and a line break
 * smuggled into a header value. None of them reaches the server.
 */
class SsrfTargetsTest {

    private HttpServer server;
    private int port;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private WebhookClient guarded;
    private WebhookClient loopbackAllowed;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().keySet());
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/redirect/")) {
                String[] parts = path.split("/", 4);
                exchange.getResponseHeaders().add("Location", new String(java.util.Base64.getUrlDecoder()
                        .decode(parts[3]), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(Integer.parseInt(parts[2]), -1);
            } else {
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        port = server.getAddress().getPort();
        guarded = new WebhookClient(new SsrfGuard(List.of()), 4);
        loopbackAllowed = new WebhookClient(new SsrfGuard(List.of("127.0.0.0/8")), 4);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        guarded.close();
        loopbackAllowed.close();
    }

    private AttemptResult post(WebhookClient client, String url, Map<String, String> headers) {
        return client.post(URI.create(url), headers, "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(3)).join();
    }

    private AttemptResult post(WebhookClient client, String url) {
        return post(client, url, Map.of("webhook-id", "d1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:{port}/ok", "http://[::1]:{port}/ok", "http://10.0.0.1/hook",
        "http://10.255.255.254:8080/hook", "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://[fd00:ec2::254]/latest/meta-data/", "http://0.0.0.0:{port}/ok", "http://[::ffff:127.0.0.1]:{port}/ok",
        "http://[::ffff:a9fe:a9fe]/latest/meta-data/", "http://[::]:{port}/ok", "http://172.17.0.1/hook",
        "http://192.168.0.1/hook", "http://100.64.0.1/hook", "http://localhost:{port}/ok",
        "http://LOCALHOST:{port}/ok", "https://127.0.0.1:{port}/ok"})
    void shouldRefuseAnInternalTargetBeforeConnecting(String target) {
        AttemptResult result = post(guarded, target.replace("{port}", Integer.toString(port)));
        assertThat(result.status()).isZero();
        assertThat(result.error()).as(target).startsWith("refused: ").contains("is an internal address");
        assertThat(result.refused()).as(target).isTrue();
        assertThat(received).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.1:{port}/ok", "http://localhost.:{port}/ok", "http://2130706433:{port}/ok", "http://0x7f.0.0.1:{port}/ok",
        "http://017700000001:{port}/ok", "http://127.000.000.001:{port}/ok"})
    void shouldNeverReachLoopbackThroughAnAmbiguousSpelling(String target) {
        AttemptResult result = post(guarded, target.replace("{port}", Integer.toString(port)));
        System.out.println("SsrfTargetsTest " + target + " -> " + result.error());
        assertThat(result.status()).as(target + ": " + result.error()).isZero();
        assertThat(received).as(target).isEmpty();
    }

    @Test
    void shouldRefuseThisMachinesOwnHostNameWhenItResolvesInside() throws Exception {
        String host = InetAddress.getLocalHost().getHostName();
        SsrfGuard guard = new SsrfGuard(List.of());
        InetAddress[] addresses = InetAddress.getAllByName(host);
        assumeTrue(Arrays.stream(addresses).allMatch(address -> guard.refusal(address) != null),
                host + " resolves to a public address here");
        assertThatThrownBy(() -> new GuardedDnsResolver(guard).resolve(host))
                .isInstanceOf(GuardedDnsResolver.RefusedTargetException.class)
                .hasMessageContaining("is an internal address");
        AttemptResult result = post(guarded, "http://" + host + ":" + port + "/ok");
        assertThat(result.error()).startsWith("refused: " + host + " resolves to");
        assertThat(result.refused()).isTrue();
        assertThat(received).isEmpty();
    }

    @Test
    void shouldKeepOnlyAllowedAddressesOfAHostName() throws Exception {
        InetAddress[] resolved = new GuardedDnsResolver(new SsrfGuard(List.of("127.0.0.0/8"))).resolve("localhost");
        assertThat(resolved).isNotEmpty().allSatisfy(address ->
                assertThat(address.getHostAddress()).startsWith("127."));
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void shouldNotFollowARedirectToAnInternalAddress(int status) {
        List<String> locations = List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/admin",
                "http://[::1]:" + port + "/ok", "http://127.0.0.1:" + port + "/ok", "http://localhost:" + port + "/ok",
                "/ok", "file:///etc/passwd");
        for (String location : locations) {
            String encoded = java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(location.getBytes(StandardCharsets.UTF_8));
            AttemptResult result = post(loopbackAllowed, "http://127.0.0.1:" + port + "/redirect/" + status + "/"
                    + encoded);
            assertThat(result.status()).as(status + " to " + location).isEqualTo(status);
        }
        assertThat(received).as("only the redirecting endpoint was called").hasSize(locations.size())
                .allSatisfy(request -> assertThat(request).startsWith("/redirect/"));
    }

    @Test
    void shouldNotLetALineBreakInAHeaderValueAddAHeader() {
        AttemptResult result = post(loopbackAllowed, "http://127.0.0.1:" + port + "/ok",
                Map.of("webhook-id", "evt-1\r\nX-Injected: yes", "X-Team", "billing\nX-Other: yes"));
        assertThat(received).allSatisfy(request -> assertThat(request).doesNotContainIgnoringCase("x-injected")
                .doesNotContainIgnoringCase("x-other"));
        System.out.println("SsrfTargetsTest line break in a header -> " + result.status() + " " + result.error()
                + " " + received);
        assertThat(result.status()).as(result.error()).isIn(0, 200);
    }
}
