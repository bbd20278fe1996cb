package io.tributary.bench;

import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.model.SubscriptionMatcher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.event.ruler.Machine;

/**
 * One subscription's evaluation of one event: a containment {@code filter}, a {@code where} with numeric, prefix
 * and regex conditions, and event-ruler on the same conditions (exact, numeric range, prefix).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class FilterBenchmark {

    private EventEnvelope event;
    private String eventJson;
    private SubscriptionMatcher filter;
    private SubscriptionMatcher where;
    private Machine ruler;

    @Setup
    public void setUp() throws Exception {
        Workload workload = new Workload(1, 1, 1);
        eventJson = workload.eventJson.get(0).replaceAll("\"status\": \"[a-z]+\"", "\"status\": \"confirmed\"")
                .replaceAll("\"region\": \"[a-z]+\"", "\"region\": \"eu\"").replaceAll("\"amount\": [0-9.]+",
                        "\"amount\": 1500.25");
        event = EventEnvelope.fromJson(Json.parse(eventJson));
        filter = SubscriptionMatcher.compile(Subscription.fromJson(Json.parse("{\"id\": \"f\", \"name\": \"f\","
                + " \"tenant\": \"co_0\", \"table\": \"" + event.table() + "\", \"type\": \"SEARCH\","
                + " \"filter\": {\"status\": \"confirmed\", \"region\": \"eu\"}}")));
        where = SubscriptionMatcher.compile(Subscription.fromJson(Json.parse("{\"id\": \"w\", \"name\": \"w\","
                + " \"tenant\": \"co_0\", \"table\": \"" + event.table() + "\", \"type\": \"SEARCH\","
                + " \"where\": {\"new.status\": \"confirmed\", \"new.amount\": {\"$gt\": 1000},"
                + " \"new.note\": {\"$prefix\": \"customer\"}, \"$changed\": [\"status\"]}}")));
        ruler = new Machine();
        ruler.addRule("r", "{\"tenant\": [\"co_0\"], \"data\": {\"new\": {\"status\": [\"confirmed\"],"
                + " \"amount\": [{\"numeric\": [\">\", 1000]}], \"note\": [{\"prefix\": \"customer\"}]}}}");
        if (!filter.matches(event) || !where.matches(event) || ruler.rulesForJSONEvent(eventJson).size() != 1) {
            throw new IllegalStateException("the benchmark event must match every rule");
        }
    }

    @Benchmark
    public boolean filter() {
        return filter.matches(event);
    }

    @Benchmark
    public boolean where() {
        return where.matches(event);
    }

    @Benchmark
    public Object eventRulerSameConditions() throws Exception {
        return ruler.rulesForJSONEvent(eventJson);
    }
}
