package io.tributary.console.actions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import io.tributary.model.replay.TopicRange;
import io.tributary.model.replay.TopicReplay;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Replays of a topic's range into a topic, planned first (the exact offsets and count per partition, the dry run)
 * and then run in the background one at a time by the model's {@link TopicReplay}, the code of
 * {@code tributary replay --into}, each with its progress and a cancel that stops it before its next batch. Jobs
 * run one at a time as {@link BackgroundJobs}, with {@link RedriveJobs}' states; the last {@link #KEPT} are kept
 * for the replays screen, and a console restart forgets them (what a replay wrote stays written). Thread-safe.
 */
public final class ReplayJobs implements AutoCloseable {

    /** How many replays are kept to be looked at. */
    static final int KEPT = 50;

    /** One replay: its plan and its counts as they change. */
    public static final class Job implements TopicReplay.Progress {

        private final String id;
        private final ReplayPlan plan;
        private final Instant started;
        private volatile RedriveJobs.State state = RedriveJobs.State.QUEUED;
        private volatile long read;
        private volatile long written;
        private volatile boolean cancel;
        private volatile String message = "";

        Job(String id, ReplayPlan plan, Instant started) {
            this.id = id;
            this.plan = plan;
            this.started = started;
        }

        @Override
        public void update(long readSoFar, long writtenSoFar) {
            read = readSoFar;
            written = writtenSoFar;
        }

        @Override
        public boolean cancelled() {
            return cancel;
        }

        public String id() {
            return id;
        }

        public ReplayPlan plan() {
            return plan;
        }

        public Instant started() {
            return started;
        }

        public RedriveJobs.State state() {
            return state;
        }

        public long toReplay() {
            return plan.range().count();
        }

        public long written() {
            return written;
        }

        public boolean finished() {
            return state != RedriveJobs.State.QUEUED && state != RedriveJobs.State.RUNNING;
        }

        /** What a person reads about it. */
        public String summary() {
            long total = toReplay();
            return switch (state) {
                case QUEUED -> "Waiting for the replay before it to finish.";
                case RUNNING -> written + " of " + total + " replayed into " + plan.into() + (cancel ? "; stopping"
                        : "") + ".";
                case DONE -> written + " of " + total + " replayed into " + plan.into() + ".";
                case CANCELLED -> "Cancelled: " + written + " of " + total + " replayed into " + plan.into()
                        + "; the rest was not.";
                case FAILED -> "The replay stopped after " + written + " of " + total + ": " + message + ".";
            };
        }

        public ObjectNode toJson() {
            ObjectNode json = plan.toJson();
            json.put("id", id).put("state", state.name()).put("started", started.toString())
                    .put("written", written).put("read", read).put("summary", summary());
            return json;
        }
    }

    private final BackgroundJobs<Job> jobs = new BackgroundJobs<>("console-replay", KEPT);
    private final String bootstrapServers;
    private final Clock clock;

    public ReplayJobs(String bootstrapServers, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.clock = clock;
    }

    /**
     * The plan of a request: its time range resolved to offsets now, or the offsets it names checked against the
     * log now.
     *
     * @throws InvalidInputException when the topic does not exist or the offsets are not within its log
     */
    public ReplayPlan plan(ReplayPlan.Request request) {
        try (KafkaConsumer<byte[], byte[]> consumer = TopicRange.consumer(bootstrapServers)) {
            if (request.offsets() != null) {
                return new ReplayPlan(request.topic(), request.into(), request.from(), request.to(),
                        new TopicRange(request.topic(), request.offsets()).checked(consumer));
            }
            // without an end, the range ends now: the run replays exactly the offsets of this moment
            Instant to = request.to() == null ? clock.instant() : request.to();
            return new ReplayPlan(request.topic(), request.into(), request.from(), to, TopicRange.resolve(consumer,
                    request.topic(), null, null, request.from(), null, to));
        } catch (IllegalStateException e) {
            throw new InvalidInputException("invalid replay", new FieldError("topic", e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("invalid replay", new FieldError("range", e.getMessage()));
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not answer: " + e.getMessage(), e);
        }
    }

    /** Starts replaying exactly {@code plan}'s offsets in the background. */
    public Job start(ReplayPlan plan) {
        Job job = new Job(UUID.randomUUID().toString(), plan, clock.instant());
        return jobs.start(job.id, job, () -> {
            job.state = RedriveJobs.State.RUNNING;
            try (KafkaConsumer<byte[], byte[]> consumer = TopicRange.consumer(bootstrapServers)) {
                TopicReplay.Result result = new TopicReplay(bootstrapServers).republish(consumer, plan.range(),
                        plan.into(), value -> true, job);
                job.read = result.read();
                job.written = result.written();
                job.state = result.cancelled() ? RedriveJobs.State.CANCELLED : RedriveJobs.State.DONE;
            } catch (Exception e) {
                job.message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                job.state = RedriveJobs.State.FAILED;
            }
        });
    }

    public Optional<Job> get(String id) {
        return jobs.get(id);
    }

    /** The replays kept, newest first. */
    public List<Job> recent() {
        return jobs.recent();
    }

    /** Asks a replay to stop before its next batch; false when there is no such replay or it has finished. */
    public boolean cancel(String id) {
        return jobs.cancel(id, job -> {
            if (job.finished()) {
                return false;
            }
            job.cancel = true;
            return true;
        });
    }

    @Override
    public void close() throws InterruptedException {
        jobs.close();
    }
}
