package io.tributary.bench.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

/**
 * One latency distribution in microseconds (HdrHistogram, three significant digits, up to an hour), reported in
 * milliseconds. Intervals that came out negative (two clocks read by different threads a few microseconds apart)
 * are counted and recorded as zero. Not thread-safe.
 */
final class Latency {

    private final Histogram histogram = new Histogram(3_600_000_000L, 3);
    private long negative;

    void record(long fromMicros, long toMicros) {
        long micros = toMicros - fromMicros;
        if (micros < 0) {
            negative++;
            micros = 0;
        }
        histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
    }

    long count() {
        return histogram.getTotalCount();
    }

    double percentileMillis(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("count", histogram.getTotalCount());
        if (histogram.getTotalCount() > 0) {
            json.put("p50", round(percentileMillis(50)));
            json.put("p95", round(percentileMillis(95)));
            json.put("p99", round(percentileMillis(99)));
            json.put("max", round(histogram.getMaxValue() / 1000.0));
            json.put("mean", round(histogram.getMean() / 1000.0));
        }
        if (negative > 0) {
            json.put("negativeClampedToZero", negative);
        }
        return json;
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
