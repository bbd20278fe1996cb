package io.tributary.bench.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.localinfra.LocalKafka;
import io.tributary.localinfra.LocalMachine;
import io.tributary.localinfra.LocalPostgres;
import io.tributary.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The console's ledger under load, in two parts, on an in-JVM KRaft broker and a local PostgreSQL, with the console
 * running as its own process (its exec jar):
 * <ol>
 * <li><b>Keeping up</b>: attempt records (as the webhook dispatcher writes them to {@code tributary.deliveries}, with
 * {@code acks=all}) are produced at a fixed rate for a fixed time; every 100 ms the number of attempts in the ledger is
 * read. Record k's lag is the time from its send until the ledger first held k+1 attempts (an upper bound of its own
 * lag when partitions are written out of order, and never shorter than the 100 ms poll). Then the same number again
 * as fast as the producer can: the ledger's drain rate.</li>
 * <li><b>Search</b>: the ledger is filled in PostgreSQL itself ({@code generate_series}) to {@code --attempts} attempts
 * (one event and one delivery per four attempts, over the last 7 days, 50 tenants, 500 subscriptions), then a fixed
 * query mix runs against the console's HTTP API ({@code GET /v1/deliveries}, {@code /v1/events}) with the admin key,
 * each query {@code --queries} times with random values, one at a time. Per query: p50, p95, p99 and the slowest, in
 * milliseconds, measured at the client.</li>
 * </ol>
 *
 * <pre>java -cp bench/target/benchmarks.jar io.tributary.bench.ledger.LedgerBenchmark [--rate 5000] [--seconds 60]
 *     [--attempts 10000000] [--queries 100]</pre>
 *
 * Prints numbers; asserts nothing. Needs {@code console/target/*-exec.jar} ({@code mvn install -DskipTests}).
 */
@Command(name = "ledger-benchmark", mixinStandardHelpOptions = true)
public final class LedgerBenchmark implements java.util.concurrent.Callable<Integer> {

    static final String ADMIN_KEY = "ledger-bench-admin-key-0123456789";
    static final String PREFIX = "bench";
    static final int PARTITIONS = 3;
    static final String[] TYPES = {"order.created", "order.confirmed", "order.paid", "order.shipped", "order.cancelled",
        "customer.created", "customer.updated", "invoice.issued", "invoice.paid", "refund.issued"};
    /** A generated delivery's subscription: 10 of each of the 50 tenants' (the tenant is {@code n % 50}). */
    static final String SUB = "((g.n % 50) * 10 + (g.n / 50) % 10)";
    static final String[] STATUSES = {"new", "confirmed", "paid", "shipped", "cancelled"};
    static final String[] REGIONS = {"eu-west", "eu-central", "us-east", "us-west", "ap-south", "ap-east", "sa-east",
        "af-south"};

    @Option(names = "--rate", description = "Attempts per second produced in the keeping-up part (default 5000).")
    int rate = 5000;

    @Option(names = "--seconds", description = "How long the keeping-up part produces (default 60).")
    int seconds = 60;

    @Option(names = "--attempts", description = "Attempts in the ledger for the search part (default 10,000,000).")
    long attempts = 10_000_000;

    @Option(names = "--queries", description = "Runs of each query of the mix (default 100).")
    int queries = 100;

    @Option(names = "--skip-keep-up", description = "Only the search part.")
    boolean skipKeepUp;

    @Option(names = "--keep-database", description = "Leave PostgreSQL running with the filled ledger at the end,"
            + " and print how to reach it (stop it with pg_ctl, as printed).")
    boolean keepDatabase;

    private final HttpClient http = HttpClient.newHttpClient();

    public static void main(String[] args) {
        int code = new CommandLine(new LedgerBenchmark()).execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        Path pgDir = LocalPostgres.newTempDir("ledger-bench-pg-");
        LocalPostgres postgres = new LocalPostgres(pgDir, 0).start();
        LocalKafka kafka = LocalKafka.temporary(Map.of("num.partitions", Integer.toString(PARTITIONS))).start();
        Process console = null;
        try {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(Stream.of("events", "deliveries", "handler.webhook", "handler.webhook-dlt")
                        .map(t -> new NewTopic(PREFIX + "." + t, PARTITIONS, (short) 1)).toList()).all().get();
            }
            int port = LocalMachine.freePort();
            console = console(kafka.bootstrapServers(), postgres, port);
            String base = "http://127.0.0.1:" + port;
            awaitReady(base, console);
            System.out.printf("machine: %d cores, %s; console as its own process, -Xmx1g, %d partitions%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), PARTITIONS);
            try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.USER,
                    LocalPostgres.PASSWORD)) {
                if (!skipKeepUp) {
                    keepUp(kafka.bootstrapServers(), db);
                }
                search(base, db);
            }
            return 0;
        } finally {
            if (console != null) {
                console.destroy();
                console.waitFor(30, TimeUnit.SECONDS);
                console.destroyForcibly();
            }
            kafka.stop();
            if (keepDatabase) {
                System.out.printf("ledger kept: psql 'postgresql://%s:%s@127.0.0.1:%d/%s'; stop with: runuser -u"
                        + " postgres -- %s/pg_ctl -D %s/data stop%n", LocalPostgres.USER, LocalPostgres.PASSWORD,
                        postgres.port(), LocalPostgres.DATABASE, postgres.binDir(), postgres.baseDir());
            } else {
                postgres.stopAndDelete();
            }
        }
    }

    // ---- keeping up ----

    private void keepUp(String bootstrap, Connection db) throws Exception {
        int total = rate * seconds;
        System.out.printf("%n== keeping up: %,d attempts/s for %d s (%,d attempts), acks=all, idempotent ==%n", rate,
                seconds, total);
        long base = count(db);
        long[] sent = new long[total];
        List<long[]> polls = new ArrayList<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = poller(db, base, polls, polling, total);
        Random random = new Random(7);
        long start;
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            start = System.nanoTime();
            long perTick = Math.max(1, rate / 100);
            for (int k = 0; k < total; k++) {
                if (k % perTick == 0) {
                    long due = start + (long) ((double) k / rate * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                ObjectNode attempt = attempt(random, "ku-" + k, Instant.now());
                sent[k] = System.nanoTime();
                producer.send(new ProducerRecord<>(PREFIX + ".deliveries", attempt.get("deliveryId").asText(),
                        Json.write(attempt)));
            }
            producer.flush();
        }
        double produceSeconds = (System.nanoTime() - start) / 1e9;
        poller.join(TimeUnit.MINUTES.toMillis(10));
        polling.set(false);
        long[][] samples = polls.toArray(new long[0][]);
        long stored = samples.length == 0 ? 0 : samples[samples.length - 1][1];
        System.out.printf("produced at %,.0f attempts/s (%.1f s); stored %,d of %,d%n", total / produceSeconds,
                produceSeconds, stored, total);
        long[] lag = new long[total];
        int s = 0;
        for (int k = 0; k < total; k++) {
            while (s < samples.length && samples[s][1] < k + 1) {
                s++;
            }
            lag[k] = s < samples.length ? samples[s][0] - sent[k] : Long.MAX_VALUE;
        }
        Arrays.sort(lag);
        System.out.printf("ledger lag (send -> stored): p50 %s, p99 %s, max %s%n", ms(lag, 0.50), ms(lag, 0.99),
                ms(lag, 1.0));

        System.out.printf("%n== draining: %,d attempts produced as fast as possible ==%n", total);
        long before = count(db);
        long drainStart = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (int k = 0; k < total; k++) {
                ObjectNode attempt = attempt(random, "dr-" + k, Instant.now());
                producer.send(new ProducerRecord<>(PREFIX + ".deliveries", attempt.get("deliveryId").asText(),
                        Json.write(attempt)));
            }
            producer.flush();
        }
        double producedIn = (System.nanoTime() - drainStart) / 1e9;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (count(db) < before + total && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        System.out.printf("produced in %.1f s; all %,d stored after %.1f s: %,.0f attempts/s%n", producedIn, total,
                drainSeconds, total / drainSeconds);
    }

    private static Thread poller(Connection db, long base, List<long[]> polls, AtomicBoolean polling, int total) {
        Thread poller = new Thread(() -> {
            try {
                while (polling.get()) {
                    long now = System.nanoTime();
                    long stored = count(db) - base;
                    synchronized (polls) {
                        polls.add(new long[] {now, stored});
                    }
                    if (stored >= total) {
                        return;
                    }
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "ledger-poller");
        poller.setDaemon(true);
        poller.start();
        return poller;
    }

    private static long count(Connection db) throws Exception {
        synchronized (db) {
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT count(*) FROM tributary_console.attempts")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static ObjectNode attempt(Random random, String id, Instant at) {
        int tenant = random.nextInt(50);
        int subscription = tenant * 10 + random.nextInt(10);
        int draw = random.nextInt(100);
        String outcome = draw < 90 ? "DELIVERED" : draw < 97 ? "RETRY" : "DEAD_LETTER";
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("deliveryId", "evt_" + id + ":sub_" + subscription).put("subscriptionId", "sub_" + subscription)
                .put("subscriptionName", "subscription " + subscription).put("tenant", "tenant-" + tenant)
                .put("eventId", "evt_" + id).put("eventType", TYPES[random.nextInt(TYPES.length)])
                .put("table", "public.orders").put("recordId", Integer.toString(random.nextInt(1_000_000)))
                .put("endpointHost", "hooks-" + (subscription % 200) + ".example.com").put("attempt", 1)
                .put("outcome", outcome).put("httpStatus", outcome.equals("DELIVERED") ? 200 : 503)
                .put("latencyMs", 5 + random.nextInt(300)).put("error", (String) null)
                .put("responseBody", outcome.equals("DELIVERED") ? "ok" : "upstream unavailable")
                .put("at", at.toString());
        return json;
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
                new StringSerializer(), new StringSerializer());
    }

    // ---- search ----

    private void search(String base, Connection db) throws Exception {
        System.out.printf("%n== search over %,d attempts ==%n", attempts);
        long start = System.nanoTime();
        fill(db);
        System.out.printf("filled in %.0f s: %s%n", (System.nanoTime() - start) / 1e9, sizes(db));

        Random random = new Random(11);
        Map<String, Function<Random, String>> mix = new LinkedHashMap<>();
        mix.put("deliveries, newest first", r -> "/v1/deliveries");
        mix.put("deliveries of a tenant", r -> "/v1/deliveries?tenant=tenant-" + r.nextInt(50));
        mix.put("deliveries of a subscription, last 24 h", r -> "/v1/deliveries?subscription=sub_" + r.nextInt(500)
                + "&from=" + enc(Instant.now().minus(Duration.ofDays(1)).toString()));
        mix.put("deliveries of a tenant, type prefix", r -> "/v1/deliveries?tenant=tenant-" + r.nextInt(50)
                + "&type=" + enc(TYPES[r.nextInt(TYPES.length)].replaceAll("\\..*", ".*")));
        mix.put("deliveries dead-lettered", r -> "/v1/deliveries?outcome=DEAD_LETTER");
        mix.put("deliveries of a tenant, 5xx", r -> "/v1/deliveries?tenant=tenant-" + r.nextInt(50) + "&status=5xx");
        mix.put("deliveries of an endpoint", r -> "/v1/deliveries?endpoint=hooks-" + r.nextInt(200) + ".example.com");
        mix.put("deliveries of a record id", r -> "/v1/deliveries?recordId=" + r.nextInt(1_000_000));
        mix.put("deliveries, filter on a common value", r -> "/v1/deliveries?filter="
                + enc("{\"status\":\"" + STATUSES[r.nextInt(STATUSES.length)] + "\"}"));
        mix.put("deliveries of a tenant, filter on two values", r -> "/v1/deliveries?tenant=tenant-" + r.nextInt(50)
                + "&filter=" + enc("{\"status\":\"cancelled\",\"region\":\"" + REGIONS[r.nextInt(REGIONS.length)]
                + "\"}"));
        mix.put("deliveries, filter on a rare value", r -> "/v1/deliveries?filter="
                + enc("{\"customer\":\"c-" + r.nextInt(200_000) + "\"}"));
        mix.put("events of a tenant, filter", r -> "/v1/events?tenant=tenant-" + r.nextInt(50) + "&filter="
                + enc("{\"region\":\"" + REGIONS[r.nextInt(REGIONS.length)] + "\"}"));
        mix.put("deliveries of a tenant, second page", r -> {
            String first = "/v1/deliveries?tenant=tenant-" + r.nextInt(50);
            JsonNode page = get(base + first);
            return first + "&cursor=" + enc(page.path("next").asText());
        });

        // One warm-up round, not counted.
        for (Function<Random, String> query : mix.values()) {
            get(base + query.apply(random));
        }
        System.out.printf("%-48s %8s %8s %8s %8s %8s%n", "query (limit 50)", "p50 ms", "p95 ms", "p99 ms", "max ms",
                "rows");
        List<Long> all = new ArrayList<>();
        for (Map.Entry<String, Function<Random, String>> query : mix.entrySet()) {
            long[] times = new long[queries];
            long rows = 0;
            for (int i = 0; i < queries; i++) {
                String path = query.getValue().apply(random);
                long t0 = System.nanoTime();
                JsonNode page = get(base + path);
                times[i] = System.nanoTime() - t0;
                rows += page.path("items").size();
                all.add(times[i]);
            }
            Arrays.sort(times);
            System.out.printf("%-48s %8s %8s %8s %8s %8.1f%n", query.getKey(), ms(times, 0.50), ms(times, 0.95),
                    ms(times, 0.99), ms(times, 1.0), (double) rows / queries);
        }
        long[] every = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%-48s %8s %8s %8s %8s%n", "all queries", ms(every, 0.50), ms(every, 0.95), ms(every, 0.99),
                ms(every, 1.0));
    }

    /** Fills the ledger to {@code attempts} attempts, in PostgreSQL itself, a million attempts per statement. */
    private void fill(Connection db) throws Exception {
        long have;
        synchronized (db) {
            have = count(db);
        }
        long deliveries = (attempts - have) / 4;
        long chunk = 250_000;
        try (Statement st = db.createStatement()) {
            st.execute("SET synchronous_commit = off");
            for (long from = 0; from < deliveries; from += chunk) {
                long to = Math.min(deliveries, from + chunk) - 1;
                String series = "FROM generate_series(" + from + ", " + to + ") AS g(n)";
                // Times spread over the last 7 days, newer for higher n; 50 tenants, 500 subscriptions.
                String at = "(now() - ((" + deliveries + " - g.n) * interval '7 days' / " + deliveries + "))";
                st.execute("INSERT INTO tributary_console.events (event_id, tenant, type, source, table_name,"
                        + " record_id, operation, at, data, subject) SELECT 'gen_' || g.n, 'tenant-' || (g.n % 50),"
                        + " (ARRAY['" + String.join("','", TYPES) + "'])[1 + (g.n / 11) % " + TYPES.length + "],"
                        + " '/services/shop', 'public.orders', (g.n % 1000000)::text, NULL, " + at + ", d, d "
                        + series + ", LATERAL (SELECT jsonb_build_object('status', (ARRAY['"
                        + String.join("','", STATUSES) + "'])[1 + (g.n / 7) % 5], 'region', (ARRAY['"
                        + String.join("','", REGIONS) + "'])[1 + (g.n / 3) % 8], 'customer', 'c-' || (g.n % 200000),"
                        + " 'total', (g.n % 100000) / 100.0) AS d) x");
                st.execute("INSERT INTO tributary_console.deliveries (delivery_id, event_id, subscription_id,"
                        + " subscription_name, tenant, handler_type, endpoint_host, event_type, table_name, record_id,"
                        + " at) SELECT 'gen_' || g.n || ':sub_' || " + SUB + ", 'gen_' || g.n,"
                        + " 'sub_' || " + SUB + ", 'subscription ' || " + SUB + ","
                        + " 'tenant-' || (g.n % 50), 'webhook', 'hooks-' || (" + SUB + " % 200)"
                        + " || '.example.com', (ARRAY['" + String.join("','", TYPES) + "'])[1 + (g.n / 11) % " + TYPES.length
                        + "], 'public.orders', (g.n % 1000000)::text, " + at + " " + series);
                // Four attempts per delivery: most deliver on the first, some after retries, 3% are dead-lettered.
                st.execute("INSERT INTO tributary_console.attempts (delivery_id, attempt, at, subscription_id,"
                        + " event_id, outcome, http_status, latency_ms, endpoint_host, error, response_body, tenant,"
                        + " subscription_name, event_type, table_name, record_id, record_key) SELECT"
                        + " 'gen_' || g.n || ':sub_' || " + SUB + ", a.k,"
                        + " " + at + " + a.k * interval '1 second', 'sub_' || " + SUB + ","
                        + " 'gen_' || g.n, CASE WHEN a.k < 4 THEN 'RETRY' WHEN g.n % 33 = 0 THEN 'DEAD_LETTER'"
                        + " ELSE 'DELIVERED' END, CASE WHEN a.k < 4 OR g.n % 33 = 0 THEN 503 ELSE 200 END,"
                        + " 5 + (g.n * a.k) % 300, 'hooks-' || (" + SUB + " % 200) || '.example.com',"
                        + " NULL, 'ok', 'tenant-' || (g.n % 50), 'subscription ' || " + SUB + ","
                        + " (ARRAY['" + String.join("','", TYPES) + "'])[1 + (g.n / 11) % " + TYPES.length + "],"
                        + " 'public.orders', (g.n % 1000000)::text, 'gen_' || g.n " + series
                        + ", generate_series(1, 4) AS a(k)");
                if ((from / chunk) % 4 == 3) {
                    System.out.printf("  %,d of %,d deliveries%n", to + 1, deliveries);
                }
            }
            st.execute("ANALYZE tributary_console.events");
            st.execute("ANALYZE tributary_console.deliveries");
            st.execute("ANALYZE tributary_console.attempts");
        }
    }

    private static String sizes(Connection db) throws Exception {
        StringBuilder text = new StringBuilder();
        try (Statement st = db.createStatement()) {
            for (String table : List.of("events", "deliveries", "attempts")) {
                try (ResultSet rs = st.executeQuery("SELECT count(*), pg_size_pretty(pg_total_relation_size("
                        + "'tributary_console." + table + "')) FROM tributary_console." + table)) {
                    rs.next();
                    text.append(String.format("%s %,d (%s) ", table, rs.getLong(1), rs.getString(2)));
                }
            }
        }
        return text.toString().trim();
    }

    private JsonNode get(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + ADMIN_KEY).timeout(Duration.ofMinutes(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
            }
            return Json.parse(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String ms(long[] sortedNanos, double quantile) {
        if (sortedNanos.length == 0) {
            return "-";
        }
        long v = sortedNanos[Math.min(sortedNanos.length - 1, (int) Math.ceil(quantile * sortedNanos.length) - 1)];
        return v == Long.MAX_VALUE ? "never" : String.format("%.1f", v / 1e6);
    }

    // ---- the console ----

    private static Process console(String bootstrap, LocalPostgres postgres, int port) throws IOException {
        Path log = Files.createTempFile("ledger-benchmark-console", ".log");
        System.out.println("console log: " + log);
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-jar", execJar().toString(), "--server.port=" + port, "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.datasource.url=" + postgres.jdbcUrl(), "--spring.datasource.username=" + LocalPostgres.USER,
                "--spring.datasource.password=" + LocalPostgres.PASSWORD, "--tributary.console.topic-prefix=" + PREFIX,
                "--tributary.console.group-id=" + PREFIX + "-console",
                "--tributary.console.concurrency=" + PARTITIONS, "--tributary.api.key-store=",
                "--tributary.api.keys[0].key=" + ADMIN_KEY, "--tributary.api.keys[0].admin=true")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void awaitReady(String base, Process console) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && console.isAlive()) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/actuator/health/readiness")).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the console did not become ready (see its log)");
    }

    private static Path execJar() throws IOException {
        for (Path dir : List.of(Path.of("console", "target"), Path.of("..", "console", "target"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    Optional<Path> jar = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst();
                    if (jar.isPresent()) {
                        return jar.get();
                    }
                }
            }
        }
        throw new IllegalStateException("no console/target/*-exec.jar: run mvn install -DskipTests first, from the"
                + " project root");
    }
}
