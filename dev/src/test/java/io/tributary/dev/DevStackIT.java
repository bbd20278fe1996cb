package io.tributary.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.tributary.client.SubscriptionsClient;
import io.tributary.client.TablesClient;
import io.tributary.model.Json;
import io.tributary.model.signing.WebhookSigner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tributary dev --no-demo --fresh} driven as a user would: wait for endpoints.env, attach a table, create
 * a subscription to a receiver on loopback, insert rows, check the signed deliveries, send SIGTERM, and check that
 * nothing it started is left running.
 */
class DevStackIT {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path data;

    @Test
    void shouldRunTheWholeStackDeliverSignedWebhooksAndStopEverything() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        int base = freeBase();
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (WebhookSigner.verify(List.of(SECRET), id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, Instant.now(),
                    Duration.ofMinutes(5))) {
                received.add(Json.parse(new String(body)).path("recordId").asText());
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        ProcessBuilder builder = new ProcessBuilder(root.resolve("tributary").toString(), "dev", "--no-demo", "--fresh",
                "--data-dir", data.toString(), "--port-base", Integer.toString(base),
                "--kafka-port", Integer.toString(base + 4), "--pg-port", Integer.toString(base + 6))
                .redirectErrorStream(true).redirectOutput(data.resolveSibling(data.getFileName() + "-console.log").toFile());
        builder.environment().put("TRIBUTARY_HOME", root.toString());
        builder.environment().put("TRIBUTARY_NO_BUILD", "1");
        builder.environment().remove("TRIBUTARY_KAFKA");
        builder.environment().remove("TRIBUTARY_PG_URL");
        // As root, behind the private temp directory, PostgreSQL's files are where the postgres user can reach them.
        Path postgresDir = LocalStackErrors.postgresDir(data, "root".equals(System.getProperty("user.name")),
                Path.of(System.getProperty("java.io.tmpdir")));
        Process dev = builder.start();
        try {
            Path endpointsFile = data.resolve("endpoints.env");
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Files.exists(endpointsFile) || !dev.isAlive());
            assertThat(dev.isAlive()).as("the stack is up; console: %s", console()).isTrue();
            Map<String, String> endpoints = Endpoints.read(endpointsFile);

            try (Connection db = DriverManager.getConnection(endpoints.get("TRIBUTARY_PG_URL"))) {
                db.createStatement().execute("CREATE TABLE invoices (id int PRIMARY KEY, tenant text, state text);"
                        + " ALTER TABLE invoices REPLICA IDENTITY FULL");
            }
            new TablesClient(endpoints.get("TRIBUTARY_CAPTURE_URL"), endpoints.get("TRIBUTARY_ADMIN_KEY"))
                    .attach("public.invoices", "tenant", false);
            ObjectNode subscription = (ObjectNode) Json.parse("{\"name\": \"paid-invoices\", \"tenant\": \"acme\","
                    + " \"table\": \"invoices\", \"type\": \"WEBHOOK\", \"filter\": {\"state\": \"paid\"},"
                    + " \"config\": {\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\","
                    + " \"secret\": \"" + SECRET + "\"}}");
            new SubscriptionsClient(endpoints.get("TRIBUTARY_ADMIN_URL"), endpoints.get("TRIBUTARY_ADMIN_KEY"))
                    .create(subscription);
            try (Connection db = DriverManager.getConnection(endpoints.get("TRIBUTARY_PG_URL"))) {
                db.createStatement().execute("INSERT INTO invoices VALUES (1, 'acme', 'paid'), (2, 'acme', 'open'),"
                        + " (3, 'globex', 'paid'), (4, 'acme', 'paid')");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 2);
            Thread.sleep(2000);
            assertThat(received).containsExactlyInAnyOrder("1", "4");

            List<ProcessHandle> children = dev.descendants().toList();
            assertThat(children).as("four service JVMs").hasSizeGreaterThanOrEqualTo(4);
            dev.destroy();
            assertThat(dev.waitFor(90, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(children).noneMatch(ProcessHandle::isAlive));
            assertThat(postgresDir.resolve("data/PG_VERSION")).as("PostgreSQL's files").exists();
            assertThat(postgresDir.resolve("data/postmaster.pid")).as("PostgreSQL stopped").doesNotExist();
            assertThat(endpointsFile).as("no stale endpoints").doesNotExist();
            assertThat(console()).contains("Tributary is running", "Stopped.");
            assertThat(children).allSatisfy(child -> assertThat(child.info().commandLine().orElse(""))
                    .as("no key on a command line").doesNotContain(endpoints.get("TRIBUTARY_ADMIN_KEY")));
        } finally {
            receiver.stop(0);
            if (dev.isAlive()) {
                dev.descendants().forEach(ProcessHandle::destroyForcibly);
                dev.destroyForcibly();
            }
            if (!postgresDir.startsWith(data) && Files.exists(postgresDir)) {
                try (var files = Files.walk(postgresDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    private String console() throws IOException {
        return Files.readString(data.resolveSibling(data.getFileName() + "-console.log"));
    }

    /** A base port with the eight ports above it free. */
    private static int freeBase() {
        Random random = new Random();
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20000 + random.nextInt(20000);
            boolean free = true;
            for (int port = base; port < base + 8 && free; port++) {
                free = DevCommand.isFree(port);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no eight free ports in a row");
    }
}
