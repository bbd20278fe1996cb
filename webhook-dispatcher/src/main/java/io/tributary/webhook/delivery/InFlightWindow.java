package io.tributary.webhook.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The deliveries of each partition that are in flight at once, and what may be committed: a record's offset is
 * acknowledged only when it and every record before it in its partition are done (delivered, or forwarded to a
 * retry, ordered or dead-letter topic), so deliveries finish in any order while a crash loses nothing. A
 * partition with {@code maxInFlight} records in flight is paused, and resumed when half of them are done.
 * Thread-safe: records start on the consumer thread, finish on any thread.
 */
public final class InFlightWindow {

    /** Pauses or resumes fetching from a partition. */
    public interface Flow {
        void pause(TopicPartition partition);

        void resume(TopicPartition partition);
    }

    private final int maxInFlight;
    private final Flow flow;
    private final Map<TopicPartition, Lane> lanes = new HashMap<>();

    public InFlightWindow(int maxInFlight, Flow flow) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.flow = flow;
    }

    /** A started record: call {@link #done()} once, from any thread, when it is done. */
    public interface Ticket {
        void done();
    }

    /** Starts a record. A record at or before one already started (a rebalance or seek went back) starts afresh. */
    public Ticket start(ConsumerRecord<?, ?> record, Acknowledgment ack) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Lane lane;
        Lane replaced = null;
        synchronized (lanes) {
            lane = lanes.get(partition);
            if (lane == null || lane.isBehind(record.offset())) {
                // Completions of the old lane's records are ignored: their offsets are read again.
                replaced = lane;
                lane = new Lane(partition);
                lanes.put(partition, lane);
            }
        }
        if (replaced != null && replaced.release()) {
            flow.resume(partition);
        }
        return lane.start(record.offset(), ack);
    }

    /** Records in flight in a partition, for metrics and tests. */
    public int inFlight(TopicPartition partition) {
        synchronized (lanes) {
            Lane lane = lanes.get(partition);
            return lane == null ? 0 : lane.size();
        }
    }

    /** Forgets partitions this instance no longer reads: their records are read again by their new reader. */
    public void revoked(Iterable<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            Lane lane;
            synchronized (lanes) {
                lane = lanes.remove(partition);
            }
            if (lane != null && lane.release()) {
                flow.resume(partition);
            }
        }
    }

    private final class Lane {
        private final TopicPartition partition;
        private final TreeMap<Long, Entry> entries = new TreeMap<>();
        private long highestStarted = -1;
        private boolean paused;

        Lane(TopicPartition partition) {
            this.partition = partition;
        }

        synchronized boolean isBehind(long offset) {
            return offset <= highestStarted;
        }

        /** Ends the lane: later completions are ignored. Whether it had paused its partition. */
        synchronized boolean release() {
            entries.clear();
            boolean was = paused;
            paused = false;
            return was;
        }

        synchronized int size() {
            return entries.size();
        }

        Ticket start(long offset, Acknowledgment ack) {
            Entry entry = new Entry(ack);
            boolean pause;
            synchronized (this) {
                entries.put(offset, entry);
                highestStarted = offset;
                pause = !paused && entries.size() >= maxInFlight;
                paused |= pause;
            }
            if (pause) {
                flow.pause(partition);
            }
            return () -> finish(offset, entry);
        }

        private void finish(long offset, Entry entry) {
            Acknowledgment commit = null;
            boolean resume;
            synchronized (this) {
                if (entries.get(offset) != entry || entry.done) {
                    // done already, or the lane was released
                    return;
                }
                entry.done = true;
                while (!entries.isEmpty() && entries.firstEntry().getValue().done) {
                    commit = entries.pollFirstEntry().getValue().ack;
                }
                resume = paused && entries.size() <= maxInFlight / 2;
                paused &= !resume;
            }
            if (commit != null) {
                commit.acknowledge();
            }
            if (resume) {
                flow.resume(partition);
            }
        }
    }

    private static final class Entry {
        private final Acknowledgment ack;
        private boolean done;

        Entry(Acknowledgment ack) {
            this.ack = ack;
        }
    }

    /** A flow that does nothing, for callers that bound in-flight records otherwise. */
    public static Flow unbounded() {
        return new Flow() {
            @Override
            public void pause(TopicPartition partition) {
            }

            @Override
            public void resume(TopicPartition partition) {
            }
        };
    }
}
