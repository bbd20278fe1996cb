package io.tributary.bench;

import io.tributary.model.EventEnvelope;
import io.tributary.router.index.SubscriptionIndex;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.event.ruler.Machine;

/**
 * Subscription matching: 10,000 subscriptions over 1,000 tenants (table and a two-column exact filter each), one
 * event at a time, with Tributary's index and matcher (what the router runs per event) and with aws event-ruler on
 * equivalent patterns. Both receive the event as they would in production: Tributary an envelope the router has
 * decoded once, event-ruler the event's JSON text (its API). {@code matchEnvelope} counts the shared decode too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class MatchingBenchmark {

    @Param("1000")
    int tenants;

    @Param("10")
    int perTenant;

    private Workload workload;
    private SubscriptionIndex index;
    private Machine ruler;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        workload = new Workload(tenants, perTenant, 4096);
        index = new SubscriptionIndex();
        ruler = new Machine();
        for (Workload.Rule rule : workload.rules) {
            index.upsert(rule.subscription());
            ruler.addRule(rule.id(), rule.rulerPattern());
        }
        long tributaryMatches = workload.events.stream().mapToLong(e -> index.matches(e).size()).sum();
        long rulerMatches = 0;
        for (String json : workload.eventJson) {
            rulerMatches += ruler.rulesForJSONEvent(json).size();
        }
        if (tributaryMatches != rulerMatches || tributaryMatches == 0) {
            throw new IllegalStateException("the two matchers disagree: Tributary " + tributaryMatches
                    + " matches, event-ruler " + rulerMatches);
        }
    }

    @Benchmark
    public void tributary(Blackhole sink) {
        EventEnvelope event = workload.events.get(next++ & 4095);
        index.forEachMatch(event, sink::consume);
    }

    @Benchmark
    public void tributaryIncludingDecode(Blackhole sink) {
        EventEnvelope event = EventEnvelope.fromJson(io.tributary.model.Json.parse(workload.eventJson.get(next++ & 4095)));
        index.forEachMatch(event, sink::consume);
    }

    @Benchmark
    public void eventRuler(Blackhole sink) throws Exception {
        sink.consume(ruler.rulesForJSONEvent(workload.eventJson.get(next++ & 4095)));
    }
}
