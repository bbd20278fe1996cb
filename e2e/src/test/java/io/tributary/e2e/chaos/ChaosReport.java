package io.tributary.e2e.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The chaos run's account, printed and appended to a file as it goes ({@code target/chaos-it-report.txt}): the load,
 * each fault with its timings, and what the ledger, the sync target and the dead-letter topics show. Not
 * thread-safe: the test thread writes it.
 */
final class ChaosReport {

    private final long start = System.nanoTime();
    private final StringBuilder text = new StringBuilder();
    private final List<String> faultsWithoutCommits = new ArrayList<>();
    private Path file;

    /** From now on, every line is also written to {@code file} at once (it is replaced). */
    void writeTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
        this.file = file;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    void line(String format, Object... arguments) {
        String line = arguments.length == 0 ? format : String.format(format, arguments);
        text.append(line).append('\n');
        System.out.println(line);
        if (file != null) {
            try {
                Files.writeString(file, line + "\n", StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.out.println("(could not write " + file + ": " + e.getMessage() + ")");
            }
        }
    }

    /** One injected fault: when (since the start, and UTC), how long until restored and until delivering again. */
    void fault(String name, double at, Instant startedAt, double restoredSeconds, double deliveringSeconds,
            int commits) {
        line("fault at %6.1f s (%s)  %-24s restored after %5.1f s, delivering new changes after %5.1f s;"
                + " %5d changes committed meanwhile (%.0f/s)", at, startedAt.truncatedTo(ChronoUnit.SECONDS), name,
                restoredSeconds, deliveringSeconds, commits, commits / deliveringSeconds);
        if (commits == 0) {
            faultsWithoutCommits.add(name);
        }
    }

    List<String> faultsWithoutCommits() {
        return List.copyOf(faultsWithoutCommits);
    }

    void load(RowWriter writer, int committed) {
        List<Integer> perSecond = writer.perSecond();
        int seconds = Math.max(1, perSecond.size());
        long idle = perSecond.stream().filter(n -> n == 0).count();
        line("load: %d changes committed in %d s (%.1f/s on average, %d s without a commit, longest pause %d ms);"
                + " %d statements failed, %d of them had committed after all", committed, seconds,
                committed / (double) seconds, idle, writer.longestGapMillis(), writer.failures(),
                writer.settledInDoubt());
    }

    void results(Map<String, Ledger.Verdict> verdicts, List<String> syncBehind,
            Map<String, List<ConsumerRecord<String, byte[]>>> deadLetters, Attempts attempts,
            ChaosReceiver receiver, List<String> unexpectedExits) {
        new TreeMap<>(verdicts).values().forEach(v -> {
            line("webhook %s", v.summary());
            v.lost().stream().limit(10).forEach(c -> line("  lost: row %d seq %d", c.key(), c.seq()));
            v.unexpected().stream().limit(10).forEach(c -> line("  unexpected: row %d seq %d", c.key(), c.seq()));
            v.idMismatches().stream().limit(10).forEach(m -> line("  another webhook-id: %s", m));
            if (v.ordered()) {
                v.orderViolations().stream().limit(10).forEach(m -> line("  out of order: %s", m));
            }
        });
        line("sync    rows behind their last committed change: %d", syncBehind.size());
        syncBehind.stream().limit(10).forEach(row -> line("  %s", row));
        deadLetters.forEach((topic, records) -> line("dead letters on %-34s %d", topic, records.size()));
        deadLetters.values().stream().flatMap(List::stream).limit(10)
                .forEach(record -> line("  %s", TopicReader.describe(record)));
        line("webhook attempts on tributary.deliveries: %s; at most %d for one delivery", attempts.outcomes(),
                attempts.most());
        attempts.retries().forEach((subscription, retries) -> {
            List<String> early = attempts.early().getOrDefault(subscription, List.of());
            line("  %-18s %6d retries, %d sooner than the retry schedule", subscription, retries, early.size());
            early.stream().limit(5).forEach(retry -> line("    %s", retry));
        });
        line("receiver: %d requests answered 503, %d invalid signatures", receiver.unavailableAnswers(),
                receiver.invalidSignatures());
        line("services that exited without being killed: %d", unexpectedExits.size());
        unexpectedExits.forEach(exit -> line("  %s", exit));
    }

    String text() {
        return text.toString();
    }

}
