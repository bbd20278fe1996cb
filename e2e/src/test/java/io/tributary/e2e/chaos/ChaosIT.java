package io.tributary.e2e.chaos;

import io.tributary.client.SubscriptionsClient;
import io.tributary.client.TablesClient;
import io.tributary.model.Json;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Crashes under load. The whole of Tributary runs as processes (PostgreSQL, a Kafka broker, capture-service,
 * router-service, webhook-dispatcher, sync-worker) while a writer commits row changes at a steady rate; one after
 * another, each process is killed with SIGKILL and started again, the webhook endpoint refuses connections for
 * longer than several retries, and then answers 503 for a while. After the load, the {@link Ledger} must show every
 * committed change delivered to every matching webhook subscription (duplicates with the same {@code webhook-id}),
 * the sync target holding every row's last change, and nothing on any dead-letter topic. See {@link ChaosSettings}
 * for the size of a run; {@code mvn -Pchaos} runs the long one.
 */
class ChaosIT {

    /** The webhook subscriptions, by their receiver path: which changes each must receive. */
    private static final Map<String, LongPredicate> WEBHOOKS = Map.of("all", seq -> true, "ordered", seq -> true,
            "even", seq -> seq % 2 == 0);

    private final ChaosSettings settings = ChaosSettings.fromSystemProperties();
    private final Ledger ledger = new Ledger();
    private final ChaosReport report = new ChaosReport();

    @Test
    void shouldDeliverEveryCommittedChangeThroughCrashesAndOutagesUnderLoad() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path dir = root.resolve("e2e").resolve("target").resolve("chaos-it");
        String secret = "whsec_" + Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(24));
        report.writeTo(dir.resolveSibling("chaos-it-report.txt"));
        report.line("chaos: " + settings);
        try (ChaosStack stack = ChaosStack.start(root, dir);
                ChaosReceiver receiver = new ChaosReceiver(freePort(), secret, ledger);
                RowWriter writer = new RowWriter(stack.postgres()::connect, ledger, settings.keys(), settings.rate(),
                        settings.seed())) {
            report.line("stack ready after %.0f s; logs in %s; %s", report.elapsedSeconds(), stack.logs(),
                    String.join(", ", stack.jars()));
            receiver.start();
            subscribe(stack, receiver, secret);
            writer.start();
            awaitDeliveringAfter(stack, Map.of());
            report.line("load started; every subscription receiving after %.0f s", report.elapsedSeconds());
            for (int round = 1; round <= settings.rounds(); round++) {
                for (String service : ChaosStack.SERVICES) {
                    fault(stack, "SIGKILL " + service, () -> stack.crashService(service));
                }
                fault(stack, "SIGKILL Kafka broker", stack::crashKafka);
                fault(stack, "SIGKILL PostgreSQL", stack::crashPostgres);
                fault(stack, "receiver down " + settings.receiverDown().toSeconds() + " s", () -> {
                    receiver.stop();
                    Thread.sleep(settings.receiverDown().toMillis());
                    receiver.start();
                });
                fault(stack, "receiver 503 " + settings.receiverFailing().toSeconds() + " s", () -> {
                    receiver.unavailable(true);
                    Thread.sleep(settings.receiverFailing().toMillis());
                    receiver.unavailable(false);
                });
            }
            writer.close();
            report.load(writer, ledger.committedCount());
            Map<String, Ledger.Verdict> verdicts = awaitQuiet(stack);
            verify(stack, receiver, verdicts);
        }
    }

    private void subscribe(ChaosStack stack, ChaosReceiver receiver, String secret) throws Exception {
        // The slot must exist before the table joins the publication, or the first changes are not in it.
        awaitUntil(Duration.ofMinutes(2), "the capture's replication slot is active", () -> slotActive(stack),
                () -> "waiting for the replication slot");
        new TablesClient(stack.url("capture-service"), stack.adminKey()).attach("public.chaos_items", "tenant", false);
        SubscriptionsClient subscriptions = new SubscriptionsClient(stack.url("router-service"), stack.adminKey());
        for (String name : WEBHOOKS.keySet()) {
            subscriptions.create(Json.parse("""
                    {"id": "sub_chaos_%1$s", "name": "chaos-%1$s", "tenant": "chaos", "table": "chaos_items",
                     "operations": ["INSERT", "UPDATE"], "type": "WEBHOOK", "filter": %2$s,
                     "config": {"url": "%3$s", "secret": "%4$s", "ordered": %5$s}}""".formatted(name,
                    name.equals("even") ? "{\"parity\": \"even\"}" : "{}", receiver.url(name), secret,
                    name.equals("ordered"))));
        }
        // A tenth of the rows: the sync worker writes each record to its target before the next, and does not keep
        // up with the whole load on a 2-core machine that also runs every other process of the test.
        subscriptions.create(Json.parse("""
                {"id": "sub_chaos_sync", "name": "chaos-sync", "tenant": "chaos", "table": "chaos_items",
                 "operations": ["INSERT", "UPDATE"], "type": "SYNC", "where": {"new.id": {"$lte": %d}},
                 "config": {"target": "copy"}}""".formatted(syncedRows())));
    }

    /** Injects one fault under the load, then waits until every subscription receives changes made after it. */
    private void fault(ChaosStack stack, String name, Fault fault) throws Exception {
        double at = report.elapsedSeconds();
        Instant startedAt = Instant.now();
        int commitsBefore = ledger.committedCount();
        long start = System.nanoTime();
        fault.inject();
        long restored = System.nanoTime();
        awaitDeliveringAfter(stack, ledger.latestCommitted());
        long recovered = System.nanoTime();
        report.fault(name, at, startedAt, (restored - start) / 1e9, (recovered - start) / 1e9,
                ledger.committedCount() - commitsBefore);
        Thread.sleep(settings.settle().toMillis());
    }

    /** Until every subscription got a change committed after {@code mark}: the pipeline works end to end. */
    private void awaitDeliveringAfter(ChaosStack stack, Map<Integer, Long> mark) throws Exception {
        awaitUntil(settings.recoveryTimeout(), "every subscription receives changes committed after the fault",
                () -> waitingFor(stack, mark).isEmpty(), () -> {
                    List<String> waiting = waitingFor(stack, mark);
                    return waiting.isEmpty() ? null : "waiting for " + waiting;
                });
    }

    /** The subscriptions that have not received a change committed after {@code mark} yet. */
    private List<String> waitingFor(ChaosStack stack, Map<Integer, Long> mark) {
        List<String> waiting = new ArrayList<>();
        new java.util.TreeSet<>(WEBHOOKS.keySet()).stream().filter(name -> !ledger.receivedAfter(name, mark))
                .forEach(name -> waiting.add(name + " (" + ledger.deliveredCount(name) + " received)"));
        if (!syncedAfter(stack, mark)) {
            waiting.add("sync");
        }
        return waiting;
    }

    /** Until nothing committed is missing anywhere, or the quiet timeout; the verdicts then. */
    private Map<String, Ledger.Verdict> awaitQuiet(ChaosStack stack) throws Exception {
        long start = System.nanoTime();
        long deadline = start + settings.quietTimeout().toNanos();
        double nextProgress = 15;
        while (true) {
            Map<String, Ledger.Verdict> verdicts = new HashMap<>();
            WEBHOOKS.forEach((name, matches) -> verdicts.put(name, ledger.verify(name, matches,
                    name.equals("ordered"))));
            int syncBehind = syncBehind(stack).size();
            boolean complete = verdicts.values().stream().allMatch(v -> v.lost().isEmpty()) && syncBehind == 0;
            double waited = (System.nanoTime() - start) / 1e9;
            if (complete || System.nanoTime() > deadline) {
                report.line("%s %.0f s after the load stopped", complete ? "everything delivered" : "still missing",
                        waited);
                return verdicts;
            }
            if (waited >= nextProgress) {
                report.line("  %.0f s: not received yet: %s, sync rows behind %d", waited, new java.util.TreeMap<>(
                        verdicts).values().stream().map(v -> v.subscription() + " " + v.lost().size()).toList(),
                        syncBehind);
                nextProgress += 15;
            }
            Thread.sleep(1000);
        }
    }

    private void verify(ChaosStack stack, ChaosReceiver receiver, Map<String, Ledger.Verdict> verdicts)
            throws Exception {
        List<String> syncBehind = syncBehind(stack);
        Map<String, List<ConsumerRecord<String, byte[]>>> deadLetters;
        Attempts attempts;
        try (TopicReader topics = new TopicReader(stack.bootstrapServers())) {
            deadLetters = topics.deadLetters();
            attempts = new Attempts(topics.readAll("tributary.deliveries"));
        }
        report.results(verdicts, syncBehind, deadLetters, attempts, receiver, stack.unexpectedExits());

        SoftAssertions softly = new SoftAssertions();
        for (Ledger.Verdict verdict : verdicts.values()) {
            softly.assertThat(verdict.lost()).as("committed changes %s never received", verdict.subscription())
                    .isEmpty();
            softly.assertThat(verdict.unexpected()).as("changes %s received that it should not have",
                    verdict.subscription()).isEmpty();
            softly.assertThat(verdict.idMismatches()).as("changes %s received again with another webhook-id",
                    verdict.subscription()).isEmpty();
        }
        if (settings.assertOrder()) {
            softly.assertThat(verdicts.get("ordered").orderViolations())
                    .as("changes of one record the ordered subscription received out of order").isEmpty();
        }
        softly.assertThat(syncBehind).as("rows whose last change the sync target does not hold").isEmpty();
        softly.assertThat(deadLetters.values().stream().flatMap(List::stream).map(TopicReader::describe).toList())
                .as("dead letters after transient faults only").isEmpty();
        softly.assertThat(receiver.invalidSignatures()).as("deliveries with an invalid signature").isZero();
        softly.assertThat(stack.unexpectedExits()).as("services that exited without being killed").isEmpty();
        softly.assertThat(receiver.unavailableAnswers()).as("deliveries answered 503 (the fault took effect)")
                .isPositive();
        softly.assertThat(attempts.outcomes().keySet()).as("attempts refused a connection (the fault took effect)")
                .anyMatch(outcome -> outcome.startsWith("RETRY status 0"));
        softly.assertThat(report.faultsWithoutCommits()).as("faults during which the load stopped").isEmpty();
        softly.assertAll();
    }

    private static boolean slotActive(ChaosStack stack) throws Exception {
        try (Connection connection = stack.postgres().connect(); ResultSet rs = connection.createStatement()
                .executeQuery("SELECT active FROM pg_replication_slots WHERE slot_name = '" + ChaosStack.SLOT + "'")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static Map<Integer, Long> synced(ChaosStack stack) throws Exception {
        Map<Integer, Long> rows = new HashMap<>();
        try (Connection connection = stack.postgres().connect();
                ResultSet rs = connection.createStatement().executeQuery("SELECT id, seq FROM chaos_copy")) {
            while (rs.next()) {
                rows.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return rows;
    }

    private static boolean syncedAfter(ChaosStack stack, Map<Integer, Long> mark) {
        try {
            return synced(stack).entrySet().stream().anyMatch(e -> e.getValue() > mark.getOrDefault(e.getKey(), 0L));
        } catch (Exception e) {
            return false;
        }
    }

    /** The rows the sync subscription selects: ids 1 to this. */
    private int syncedRows() {
        return Math.max(1, settings.keys() / 10);
    }

    /**
     * Rows whose latest committed change the sync target does not hold (the worker skips changes older than the
     * last it synced, so the target's final state is what proves the sync), and rows it should not hold.
     */
    private List<String> syncBehind(ChaosStack stack) throws Exception {
        Map<Integer, Long> synced = synced(stack);
        List<String> behind = new ArrayList<>();
        ledger.latestCommitted().forEach((key, seq) -> {
            if (key <= syncedRows() && !seq.equals(synced.get(key))) {
                behind.add("row " + key + ": committed seq " + seq + ", target " + synced.get(key));
            }
        });
        synced.keySet().stream().filter(key -> key > syncedRows())
                .forEach(key -> behind.add("row " + key + " synced, though the subscription does not select it"));
        return behind;
    }

    /** Polls the condition; prints the progress every 15 s, and fails with it and the report at the timeout. */
    private void awaitUntil(Duration timeout, String what, Condition condition, Supplier<String> progress)
            throws Exception {
        long start = System.nanoTime();
        long nextProgress = start + TimeUnit.SECONDS.toNanos(15);
        while (!condition.holds()) {
            long now = System.nanoTime();
            if (now - start > timeout.toNanos()) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what + "; " + progress.get()
                        + "\n" + report.text());
            }
            if (now > nextProgress) {
                String state = progress.get();
                if (state != null) {
                    report.line("  %.0f s: %s", (now - start) / 1e9, state);
                }
                nextProgress = now + TimeUnit.SECONDS.toNanos(15);
            }
            Thread.sleep(250);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @FunctionalInterface
    private interface Fault {
        void inject() throws Exception;
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }
}
