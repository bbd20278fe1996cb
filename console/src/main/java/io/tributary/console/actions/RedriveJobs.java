package io.tributary.console.actions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Redrives that run in the background, one at a time, each with its progress (sent of the total, missing) and a
 * cancel that stops it before its next record. The last {@link #KEPT} redrives are kept for their pages; a console
 * restart forgets them (what they sent is recorded on the redrive topic, so a new redrive skips it). Thread-safe.
 */
public final class RedriveJobs implements AutoCloseable {

    /** How many redrives are kept to be looked at. */
    static final int KEPT = 100;

    /** Where a redrive is. */
    public enum State { QUEUED, RUNNING, DONE, CANCELLED, FAILED }

    /** The work of a redrive, given its progress. */
    @FunctionalInterface
    public interface Work {
        ConsoleActions.Result run(ConsoleActions.Progress progress) throws Exception;
    }

    /** One redrive: its counts as they change. */
    public static final class Job implements ConsoleActions.Progress {

        private final String id;
        private final int toSend;
        private final int redrivenBefore;
        private final Instant started;
        private volatile State state = State.QUEUED;
        private volatile int sent;
        private volatile int missing;
        private volatile boolean cancel;
        private volatile String message = "";
        private volatile ConsoleActions.Result result;

        Job(String id, int toSend, int redrivenBefore, Instant started) {
            this.id = id;
            this.toSend = toSend;
            this.redrivenBefore = redrivenBefore;
            this.started = started;
        }

        @Override
        public void update(int sentSoFar, int missingSoFar) {
            sent = sentSoFar;
            missing = missingSoFar;
        }

        @Override
        public boolean cancelled() {
            return cancel;
        }

        public String id() {
            return id;
        }

        public State state() {
            return state;
        }

        public int toSend() {
            return toSend;
        }

        public int sent() {
            return sent;
        }

        public boolean finished() {
            return state != State.QUEUED && state != State.RUNNING;
        }

        /** What a person reads about it. */
        public String summary() {
            return switch (state) {
                case QUEUED -> "Waiting for the redrive before it to finish.";
                case RUNNING -> sent + " of " + toSend + " sent" + (missing == 0 ? "" : ", " + missing
                        + " no longer on their topic") + (cancel ? "; stopping" : "") + ".";
                case DONE, CANCELLED -> (state == State.CANCELLED ? "Cancelled: " : "") + sent + " redriven, "
                        + redrivenBefore + " redriven before and skipped" + (missing == 0 ? ""
                        : ", " + missing + " no longer on their topic") + (state == State.CANCELLED ? "; "
                        + (toSend - sent - missing) + " not sent, a new redrive sends them" : "") + ".";
                case FAILED -> "The redrive stopped after " + sent + " of " + toSend + ": " + message
                        + ". What was sent is recorded; a new redrive sends only the rest.";
            };
        }

        public ObjectNode toJson() {
            ObjectNode json = Json.mapper().createObjectNode().put("id", id).put("state", state.name())
                    .put("started", started.toString()).put("toSend", toSend).put("sent", sent)
                    .put("missing", missing).put("redrivenBefore", redrivenBefore).put("summary", summary());
            ArrayNode notes = json.putArray("notes");
            if (result != null) {
                result.notes().forEach(notes::add);
            }
            return json;
        }
    }

    private final BackgroundJobs<Job> jobs = new BackgroundJobs<>("console-redrive", KEPT);
    private final Clock clock;

    public RedriveJobs(Clock clock) {
        this.clock = clock;
    }

    /** Starts a redrive of {@code toSend} dead letters ({@code redrivenBefore} will be skipped) in the background. */
    public Job start(int toSend, int redrivenBefore, Work work) {
        Job job = new Job(UUID.randomUUID().toString(), toSend, redrivenBefore, clock.instant());
        return jobs.start(job.id, job, () -> {
            job.state = State.RUNNING;
            try {
                job.result = work.run(job);
                job.sent = job.result.sent();
                job.missing = job.result.missing();
                job.state = job.cancel ? State.CANCELLED : State.DONE;
            } catch (Exception e) {
                job.message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                job.state = State.FAILED;
            }
        });
    }

    public Optional<Job> get(String id) {
        return jobs.get(id);
    }

    /** Asks a redrive to stop before its next record; false when there is no such redrive or it has finished. */
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
