package io.tributary.router.topology;

import io.tributary.model.Topics;
import io.tributary.router.index.SubscriptionIndex;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Events per second through the routing topology (decode, index lookup, filter, where, delivery encode) with
 * 10,000 subscriptions over 1,000 tenants, in the test driver: no broker, so this is the router's own cost.
 * Prints numbers; asserts nothing. Run:
 * <pre>
 * mvn -q -pl router-service test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.tributary.router.topology.RouterThroughputBenchmark [-Dexec.args="200000"]
 * </pre>
 */
public final class RouterThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "router-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("router-bench").toString());
        SubscriptionIndex index = new SubscriptionIndex();
        RouterCounters counters = new RouterCounters();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                RouterTopology.build(RouterConfig.defaults(), index, counters), props)) {
            TestInputTopic<String, String> subscriptions = driver.createInputTopic(Topics.DEFAULT.subscriptions(),
                    Serdes.String().serializer(), Serdes.String().serializer());
            for (int i = 0; i < 10_000; i++) {
                subscriptions.pipeInput("s" + i, "{\"id\":\"s" + i + "\",\"name\":\"s" + i + "\",\"tenant\":\"co_"
                        + (i % 1000) + "\",\"table\":\"orders\",\"type\":\"QUEUE\",\"filter\":{\"status\":\"confirmed\","
                        + "\"bucket\":" + (i / 1000) + "},\"where\":{\"new.amount\":{\"$gt\":100}}}");
            }
            TestInputTopic<String, String> input = driver.createInputTopic(Topics.DEFAULT.events(),
                    Serdes.String().serializer(), Serdes.String().serializer());
            var output = driver.createOutputTopic(Topics.DEFAULT.handler("QUEUE"), Serdes.String().deserializer(),
                    Serdes.ByteArray().deserializer());
            String[] bodies = new String[1000];
            for (int t = 0; t < bodies.length; t++) {
                bodies[t] = ("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"/postgres/shop/public/orders\","
                        + "\"type\":\"orders.update\",\"tenant\":\"co_%d\",\"data\":{\"table\":\"orders\",\"schema\":"
                        + "\"public\",\"operation\":\"UPDATE\",\"recordId\":\"1\",\"new\":{\"status\":\"confirmed\","
                        + "\"bucket\":%d,\"amount\":250.5,\"customer\":\"ACME\"},\"changed\":[\"status\"]}}")
                        .formatted(t, t % 10);
            }
            run(input, output, bodies, Math.min(events, 20_000)); // warm-up
            counters = null;
            long start = System.nanoTime();
            long delivered = run(input, output, bodies, events);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("router topology in the test driver: %d events, %d deliveries, 10000 subscriptions"
                    + " over 1000 tenants: %.0f events/s%n", events, delivered, events / seconds);
            core(index, bodies, events);
        }
    }

    /** Decode, match and encode, as the routing processor does, without Kafka Streams around it. */
    private static void core(SubscriptionIndex index, String[] bodies, int events) throws Exception {
        byte[][] raw = new byte[bodies.length][];
        for (int i = 0; i < bodies.length; i++) {
            raw[i] = bodies[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        var serializer = io.tributary.model.serde.TributarySerdes.delivery().serializer();
        for (int round = 0; round < 2; round++) {
            long bytes = 0;
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                var event = io.tributary.model.EventEnvelope.fromJson(
                        io.tributary.model.Json.mapper().readTree(raw[i % raw.length]));
                for (var subscription : index.matches(event)) {
                    bytes += serializer.serialize("t", io.tributary.model.Delivery.of(event, subscription)).length;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("router core (decode, match, encode) %s: %d events, %d bytes out: %.0f events/s%n",
                    round == 0 ? "warm-up" : "measured", events, bytes, events / seconds);
        }
    }

    private static long run(TestInputTopic<String, String> input,
            org.apache.kafka.streams.TestOutputTopic<String, byte[]> output, String[] bodies, int events) {
        long delivered = 0;
        Instant time = Instant.parse("2024-01-15T10:00:00Z");
        for (int i = 0; i < events; i++) {
            input.pipeInput(new TestRecord<>("k", bodies[i % bodies.length], time));
            if (i % 1000 == 999) {
                delivered += output.readRecordsToList().size();
            }
        }
        return delivered + output.readRecordsToList().size();
    }
}
