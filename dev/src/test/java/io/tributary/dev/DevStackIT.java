package io.tributary.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tributary dev} started once, as a user starts it, from a clone (a directory of links to this repository's
 * files, with its own {@code .tributary/dev}) on free ports: the README's "Five minutes with Tributary" runs on it
 * as written and prints what the README shows; a receiver of the test's own gets its signed deliveries; SIGTERM
 * stops everything without a false alarm and leaves nothing running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevStackIT {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    static Path clone;

    static Path root;
    static Path console;
    static Path postgresDir;
    static Process dev;
    static Map<Integer, Integer> ports;
    static Map<String, String> endpoints;

    @BeforeAll
    static void startTheLocalStack() throws Exception {
        root = Path.of("..").toAbsolutePath().normalize();
        linkClone();
        int base = freeBase();
        // The README shows the default ports; the stack here runs on free ones, shown as the defaults.
        ports = new LinkedHashMap<>(Map.of(base, 8081, base + 1, 8082, base + 2, 8083, base + 3, 8084, base + 4, 8085,
                base + 5, 9092, base + 7, 15432, base + 8, 8090));
        console = clone.resolveSibling(clone.getFileName() + "-console.log");
        ProcessBuilder builder = new ProcessBuilder("./tributary", "dev", "--port-base", Integer.toString(base),
                "--kafka-port", Integer.toString(base + 5), "--pg-port", Integer.toString(base + 7),
                "--receiver-port", Integer.toString(base + 8))
                .directory(clone.toFile()).redirectErrorStream(true).redirectOutput(console.toFile());
        userEnvironment(builder.environment());
        builder.environment().put("TRIBUTARY_NO_BUILD", "1");
        Path data = clone.resolve(".tributary").resolve("dev");
        postgresDir = LocalStackErrors.postgresDir(data, "root".equals(System.getProperty("user.name")),
                Path.of(System.getProperty("java.io.tmpdir")));
        Instant started = Instant.now();
        dev = builder.start();
        Path endpointsFile = data.resolve("endpoints.env");
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.exists(endpointsFile) || !dev.isAlive());
        assertThat(dev.isAlive()).as("the stack is up; console: %s", console()).isTrue();
        System.out.printf("./tributary dev: endpoints.env after %d ms%n",
                Duration.between(started, Instant.now()).toMillis());
        endpoints = Endpoints.read(endpointsFile);
    }

    @AfterAll
    static void stopWhatIsLeft() throws IOException {
        if (dev != null && dev.isAlive()) {
            dev.descendants().forEach(ProcessHandle::destroyForcibly);
            dev.destroyForcibly();
        }
        // The links first, so that removing the clone can never reach the repository behind them.
        try (Stream<Path> entries = Files.list(clone)) {
            for (Path entry : entries.toList()) {
                if (Files.isSymbolicLink(entry)) {
                    Files.delete(entry);
                }
            }
        }
        if (postgresDir != null && !postgresDir.startsWith(clone) && Files.exists(postgresDir)) {
            try (Stream<Path> files = Files.walk(postgresDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void shouldPrintWhatTheReadmeTutorialShowsWhenRunAsWritten() throws Exception {
        ReadmeTutorial tutorial = ReadmeTutorial.read(root.resolve("README.md"));
        ReadmeTutorial.Step start = tutorial.steps().get(0);
        assertThat(start.command()).isEqualTo("./tributary dev");

        // ./tributary dev's own output, up to the demo's deliveries (which arrive in any order).
        long demoDeliveries = start.output().stream().filter(l -> l.contains(" received demo_orders.")).count();
        assertThat(demoDeliveries).as("the demo deliveries the README shows").isEqualTo(3);
        Instant waited = Instant.now();
        await().atMost(Duration.ofSeconds(60)).until(() -> console().lines()
                .filter(l -> l.contains(" received demo_orders.")).count() >= demoDeliveries);
        System.out.printf("./tributary dev: the demo's deliveries %d ms later%n",
                Duration.between(waited, Instant.now()).toMillis());
        List<String> started = new ArrayList<>();
        long seen = 0;
        for (String line : console().lines().toList()) {
            if (seen < demoDeliveries) {
                started.add(line);
                seen += line.contains(" received demo_orders.") ? 1 : 0;
            }
        }
        assertShown(start, started, 0);

        // Every other command, in one bash as a user types them into a second terminal at the clone's root.
        List<ReadmeTutorial.Step> commands = tutorial.steps().subList(1, tutorial.steps().size());
        List<String> lastOutput = List.of();
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < commands.size(); i++) {
            script.append(commands.get(i).command()).append('\n')
                    .append("printf '%s %d %d\\n' ").append(MARKER).append(' ').append(i).append(" $?\n");
        }
        ProcessBuilder bash = new ProcessBuilder("bash", "--noprofile", "--norc", "-c", script.toString())
                .directory(clone.toFile()).redirectErrorStream(true);
        userEnvironment(bash.environment());
        Instant began = Instant.now();
        Process shell = bash.start();
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor(5, TimeUnit.MINUTES)).isTrue();
        System.out.printf("README tutorial: %d commands in %d ms%n", commands.size(),
                Duration.between(began, Instant.now()).toMillis());
        int from = 0;
        for (int i = 0; i < commands.size(); i++) {
            String marker = MARKER + " " + i + " ";
            int at = output.indexOf(marker, from);
            assertThat(at).as("command %d (%s) ended; output so far:%n%s", i + 1, commands.get(i).command(),
                    output.substring(from)).isNotNegative();
            int endOfLine = output.indexOf('\n', at);
            String status = output.substring(at + marker.length(), endOfLine).strip();
            List<String> ran = output.substring(from, at).lines().toList();
            assertThat(status).as("exit status of %s; it printed:%n%s", commands.get(i).command(),
                    String.join("\n", ran)).isEqualTo("0");
            assertShown(commands.get(i), ran, i + 1);
            from = endOfLine + 1;
            lastOutput = ran;
        }

        // The last command lists invoice 2's attempts: the waits between the failed ones are within the local
        // stack's schedule, half to all of 2, 4 and 8 s (and a moment for the retry topics' machinery).
        List<String> attempts = lastOutput;
        List<Instant> failedAt = attempts.stream().filter(l -> l.matches("\\S+ +2 +\\d +(RETRY|DEAD_LETTER) +503 .*"))
                .map(l -> Instant.parse(l.substring(0, l.indexOf(' ')))).toList();
        assertThat(failedAt).as("invoice 2's failed attempts: %s", attempts).hasSize(4);
        for (int attempt = 1; attempt < failedAt.size(); attempt++) {
            Duration scheduled = Duration.ofSeconds(1L << attempt);
            assertThat(Duration.between(failedAt.get(attempt - 1), failedAt.get(attempt))).as("wait after attempt %d",
                    attempt).isBetween(scheduled.dividedBy(2).minusMillis(50), scheduled.plusSeconds(2));
        }

        // What the README says the ./tributary dev terminal shows meanwhile.
        String redelivered = "[hh:mm:ss] received invoices.update record 2 tenant demo webhook-id"
                + " <lsn>:public.invoices:sub_paid_invoices signature ok";
        await().atMost(Duration.ofSeconds(10)).until(() -> console().lines()
                .map(l -> ReadmeTutorial.normalize(l, ports)).anyMatch(redelivered::equals));
        List<String> deliveries = console().lines().map(l -> ReadmeTutorial.normalize(l, ports))
                .filter(l -> l.contains(" invoices.update ")).toList();
        String failed = "[hh:mm:ss] answered 503 invoices.update record 2 tenant demo webhook-id"
                + " <lsn>:public.invoices:sub_paid_invoices signature ok";
        assertThat(deliveries).containsExactly(
                "[hh:mm:ss] received invoices.update record 1 tenant demo webhook-id"
                        + " <lsn>:public.invoices:sub_paid_invoices signature ok",
                failed, failed, failed, failed, redelivered);
    }

    static final String MARKER = "@@readme-tutorial-step";

    private static void assertShown(ReadmeTutorial.Step step, List<String> ran, int number) {
        List<String> shown = step.output().stream().map(l -> ReadmeTutorial.normalize(l, Map.of())).toList();
        List<String> actual = ran.stream().map(l -> ReadmeTutorial.normalize(l, ports)).toList();
        if (!ReadmeTutorial.matches(shown, actual, l -> l.startsWith("[hh:mm:ss] received demo_orders."))) {
            fail("README tutorial, command %d:%n$ %s%nREADME shows:%n%s%n---%nit printed:%n%s%n---%n(normalized"
                    + " as the README's tutorial is compared; '...' stands for any lines)", number, step.command(),
                    String.join("\n", shown), String.join("\n", actual));
        }
    }

    @Test
    @Order(2)
    void shouldDeliverSignedWebhooksToAReceiverOfItsOwn() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (WebhookSigner.verify(List.of(SECRET), id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, Instant.now(),
                    Duration.ofMinutes(5))) {
                received.add(Json.parse(new String(body, StandardCharsets.UTF_8)).path("recordId").asText());
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            try (Connection db = DriverManager.getConnection(endpoints.get("TRIBUTARY_PG_URL"))) {
                db.createStatement().execute("CREATE TABLE payments (id int PRIMARY KEY, tenant text, state text);"
                        + " ALTER TABLE payments REPLICA IDENTITY FULL");
            }
            new TablesClient(endpoints.get("TRIBUTARY_CAPTURE_URL"), endpoints.get("TRIBUTARY_ADMIN_KEY"))
                    .attach("public.payments", "tenant", false);
            ObjectNode subscription = (ObjectNode) Json.parse("{\"name\": \"settled-payments\", \"tenant\": \"acme\","
                    + " \"table\": \"payments\", \"type\": \"WEBHOOK\", \"filter\": {\"state\": \"settled\"},"
                    + " \"config\": {\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\","
                    + " \"secret\": \"" + SECRET + "\"}}");
            new SubscriptionsClient(endpoints.get("TRIBUTARY_ADMIN_URL"), endpoints.get("TRIBUTARY_ADMIN_KEY"))
                    .create(subscription);
            try (Connection db = DriverManager.getConnection(endpoints.get("TRIBUTARY_PG_URL"))) {
                db.createStatement().execute("INSERT INTO payments VALUES (1, 'acme', 'settled'),"
                        + " (2, 'acme', 'open'), (3, 'globex', 'settled'), (4, 'acme', 'settled')");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 2);
            Thread.sleep(2000);
            assertThat(received).containsExactlyInAnyOrder("1", "4");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    @Order(3)
    void shouldKeepKeysAndSecretsReadableOnlyByTheirOwner() throws IOException {
        Path data = clone.resolve(".tributary").resolve("dev");
        for (String file : List.of("endpoints.env", "keys.env", "demo-secret")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(file)))).as(file)
                    .isEqualTo("rw-------");
        }
    }

    @Test
    @Order(4)
    void shouldStopEverythingOnSigtermWithoutAFalseAlarm() throws Exception {
        Path endpointsFile = clone.resolve(".tributary/dev/endpoints.env");
        List<ProcessHandle> children = dev.descendants().toList();
        assertThat(children).as("five service JVMs").hasSizeGreaterThanOrEqualTo(5);
        String beforeStop = console();
        dev.destroy();
        assertThat(dev.waitFor(90, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(children).noneMatch(ProcessHandle::isAlive));
        assertThat(postgresDir.resolve("data/PG_VERSION")).as("PostgreSQL's files").exists();
        assertThat(postgresDir.resolve("data/postmaster.pid")).as("PostgreSQL stopped").doesNotExist();
        assertThat(endpointsFile).as("no stale endpoints").doesNotExist();
        assertThat(console().substring(beforeStop.length()).lines().toList()).as("a clean stop, no alarm")
                .containsExactly("", "Stopping...", "Stopped.");
        assertThat(children).allSatisfy(child -> assertThat(child.info().commandLine().orElse(""))
                .as("no key on a command line").doesNotContain(endpoints.get("TRIBUTARY_ADMIN_KEY")));
    }

    private static String console() throws IOException {
        return Files.readString(console);
    }

    /** The environment of a user's shell: none of Tributary's variables set. */
    private static void userEnvironment(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("TRIBUTARY_"));
    }

    /**
     * A clone as a user has it: a link to each of the repository's files and directories (so {@code ./tributary}
     * finds the built jars), its own {@code .tributary/dev}, and a root others may enter, as a clone's is. The
     * links get their targets' times, so the launcher finds nothing newer than its jars.
     */
    private static void linkClone() throws IOException {
        Files.setPosixFilePermissions(clone, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.equals(".tributary") || name.equals(".git")) {
                    continue;
                }
                Path link = Files.createSymbolicLink(clone.resolve(name), entry);
                FileTime modified = Files.getLastModifiedTime(entry);
                Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(modified, modified, null);
            }
        }
    }

    /**
     * A base port with the nine ports from it free: five services, the broker and its controller, PostgreSQL and
     * the demo receiver.
     */
    private static int freeBase() {
        Random random = new Random();
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20000 + random.nextInt(20000);
            boolean free = true;
            for (int port = base; port < base + 9 && free; port++) {
                free = DevCommand.isFree(port);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no nine free ports in a row");
    }
}
