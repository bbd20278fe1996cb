package io.tributary.bench.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.bench.load.RowTimes.Point;
import java.io.PrintStream;

/**
 * One step of the load: rows offered at a fixed rate for a fixed time, then a drain until every committed row was
 * delivered or deliveries stop coming. What it reports is computed afterwards from {@link RowTimes} over the
 * step's id range: the sustained throughput (receipts of the step's rows per second, over the step's time less
 * its first fifth, at most five seconds, while the pipeline fills), the backlog when the writers stopped, the
 * commit-to-receipt latency and the latency of each hop. Not thread-safe.
 */
final class LoadStep {

    private final RowWriter writer;
    private final RowTimes times;
    private final TopicObserver observer;
    private final PrintStream out;

    LoadStep(RowWriter writer, RowTimes times, TopicObserver observer, PrintStream out) {
        this.writer = writer;
        this.times = times;
        this.observer = observer;
        this.out = out;
    }

    ObjectNode run(double rate, double seconds, double maxDrainSeconds, double stallSeconds) throws Exception {
        long firstId = writer.nextId();
        long start = RowTimes.nowMicros();
        writer.run(rate, seconds);
        long stop = RowTimes.nowMicros();
        long lastId = writer.nextId();
        Counts atStop = count(firstId, lastId, stop);
        long drainStart = System.nanoTime();
        long lastProgress = drainStart;
        long received = atStop.received;
        while (received < atStop.committed) {
            long now = System.nanoTime();
            if ((now - drainStart) / 1e9 > maxDrainSeconds || (now - lastProgress) / 1e9 > stallSeconds) {
                break;
            }
            Thread.sleep(250);
            observer.check();
            long current = count(firstId, lastId, Long.MAX_VALUE).received;
            if (current > received) {
                received = current;
                lastProgress = System.nanoTime();
            }
        }
        long drained = RowTimes.nowMicros();
        return report(rate, seconds, firstId, lastId, start, stop, drained, atStop);
    }

    private record Counts(long committed, long received) {
    }

    private Counts count(long firstId, long lastId, long untilMicros) {
        long committed = 0;
        long received = 0;
        for (long id = firstId; id < lastId; id++) {
            if (times.get(Point.COMMITTED, id) != 0) {
                committed++;
                long at = times.get(Point.RECEIVED, id);
                if (at != 0 && at <= untilMicros) {
                    received++;
                }
            }
        }
        return new Counts(committed, received);
    }

    private ObjectNode report(double rate, double seconds, long firstId, long lastId, long start, long stop,
            long drained, Counts atStop) {
        Latency endToEnd = new Latency();
        Latency capture = new Latency();
        Latency captureStamp = new Latency();
        Latency router = new Latency();
        Latency dispatcher = new Latency();
        long skip = Math.min(5_000_000, (stop - start) / 5);
        long windowStart = start + skip;
        long inWindow = 0;
        long committed = 0;
        long received = 0;
        long events = 0;
        long deliveries = 0;
        long lastReceipt = 0;
        int buckets = (int) Math.max(1, (drained - start) / 1_000_000 + 1);
        long[] perSecond = new long[buckets];
        for (long id = firstId; id < lastId; id++) {
            long commit = times.get(Point.COMMITTED, id);
            if (commit == 0) {
                continue;
            }
            committed++;
            long stamped = times.get(Point.EVENT_STAMPED, id);
            long event = times.get(Point.EVENT_VISIBLE, id);
            long delivery = times.get(Point.DELIVERY_VISIBLE, id);
            long receipt = times.get(Point.RECEIVED, id);
            if (event != 0) {
                events++;
                capture.record(commit, event);
                captureStamp.record(commit, stamped);
            }
            if (delivery != 0) {
                deliveries++;
                if (event != 0) {
                    router.record(event, delivery);
                }
            }
            if (receipt != 0) {
                received++;
                endToEnd.record(commit, receipt);
                if (delivery != 0) {
                    dispatcher.record(delivery, receipt);
                }
                if (receipt >= windowStart && receipt <= stop) {
                    inWindow++;
                }
                lastReceipt = Math.max(lastReceipt, receipt);
                int bucket = (int) ((receipt - start) / 1_000_000);
                if (bucket >= 0 && bucket < buckets) {
                    perSecond[bucket]++;
                }
            }
        }
        double elapsed = (stop - start) / 1e6;
        double commitRate = committed / elapsed;
        double sustained = inWindow / ((stop - windowStart) / 1e6);
        long backlog = atStop.committed - atStop.received;
        double drainSeconds = lastReceipt > stop ? (lastReceipt - stop) / 1e6 : 0;
        long missing = committed - received;

        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("offeredRate", Math.round(rate));
        json.put("seconds", Latency.round(elapsed));
        json.put("rowsCommitted", committed);
        json.put("commitRate", Math.round(commitRate));
        json.put("sustainedThroughput", Math.round(sustained));
        json.put("sustainedWindowSeconds", Latency.round((stop - windowStart) / 1e6));
        json.put("backlogWhenWritersStopped", backlog);
        json.put("drainSeconds", Latency.round(drainSeconds));
        json.put("eventsSeen", events);
        json.put("deliveriesSeen", deliveries);
        json.put("received", received);
        json.put("missing", missing);
        String verdict;
        if (missing > 0) {
            verdict = "lost or late: " + missing + " committed rows not delivered within the drain time";
        } else if (commitRate < 0.95 * rate) {
            verdict = "the writers could not offer the rate: " + Math.round(commitRate) + " rows/s committed";
        } else if (sustained < 0.95 * commitRate || drainSeconds > 5) {
            verdict = "fell behind: " + Math.round(sustained) + "/s delivered, " + backlog
                    + " rows behind when the writers stopped, drained in " + Latency.round(drainSeconds) + " s";
        } else {
            verdict = "kept up";
        }
        json.put("keptUp", verdict.equals("kept up"));
        json.put("loadAverageAfter", Machine.loadAverage());
        json.put("verdict", verdict);
        ObjectNode latency = json.putObject("latencyMs");
        latency.set("commitToReceipt", endToEnd.toJson());
        latency.set("capture", capture.toJson());
        latency.set("captureByRecordTimestamp", captureStamp.toJson());
        latency.set("router", router.toJson());
        latency.set("dispatcher", dispatcher.toJson());
        ArrayNode timeline = json.putArray("receivedPerSecond");
        for (long count : perSecond) {
            timeline.add(count);
        }
        out.printf("step %,6d/s: committed %,d (%,d/s), delivered sustained %,d/s, backlog %,d, drained %.1f s,"
                + " missing %,d; latency ms p50 %.1f p95 %.1f p99 %.1f max %.1f; hops p50 capture %.1f router %.1f"
                + " dispatcher %.1f; %s%n", Math.round(rate), committed, Math.round(commitRate), Math.round(sustained),
                backlog, drainSeconds, missing, endToEnd.percentileMillis(50), endToEnd.percentileMillis(95),
                endToEnd.percentileMillis(99), endToEnd.percentileMillis(100), capture.percentileMillis(50),
                router.percentileMillis(50), dispatcher.percentileMillis(50), verdict);
        return json;
    }
}
