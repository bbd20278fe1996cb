package io.tributary.capture.engine;

import java.time.Clock;
import java.time.Instant;

/**
 * Whether the capture is capturing now, and if not, why: what readiness, the {@code tributary_capture_running}
 * gauge and the log report. One per capture-service, outliving the engines that update it. Thread-safe: a
 * snapshot is replaced whole.
 */
public final class CaptureStatus {

    /** The capture's states. */
    public enum State {
        /** Preparing the publication or starting the connector; not capturing yet. */
        STARTING,
        /** The connector's task runs: changes flow. */
        CAPTURING,
        /** Stopped by a failure; a restart is due at {@link Snapshot#nextAttempt()}. */
        STOPPED,
        /** Closed by the application; no restart follows. */
        CLOSED
    }

    /**
     * The status at one moment.
     *
     * @param state       the state
     * @param reason      what stopped and why, for {@code STOPPED}; {@code null} otherwise
     * @param since       when the capture entered this state
     * @param attempt     the number of consecutive failed runs (0 while capturing normally)
     * @param nextAttempt when a stopped capture starts again; {@code null} unless {@code STOPPED}
     */
    public record Snapshot(State state, String reason, Instant since, int attempt, Instant nextAttempt) {
    }

    private final Clock clock;
    private volatile Snapshot current;

    public CaptureStatus() {
        this(Clock.systemUTC());
    }

    public CaptureStatus(Clock clock) {
        this.clock = clock;
        this.current = new Snapshot(State.STARTING, null, clock.instant(), 0, null);
    }

    public Snapshot current() {
        return current;
    }

    /** Whether changes flow now. */
    public boolean capturing() {
        return current.state() == State.CAPTURING;
    }

    void starting(int attempt) {
        current = new Snapshot(State.STARTING, null, clock.instant(), attempt, null);
    }

    void running() {
        current = new Snapshot(State.CAPTURING, null, clock.instant(), 0, null);
    }

    void stopped(String reason, int attempt, Instant nextAttempt) {
        current = new Snapshot(State.STOPPED, reason, clock.instant(), attempt, nextAttempt);
    }

    void closed() {
        current = new Snapshot(State.CLOSED, "the capture was closed", clock.instant(), 0, null);
    }
}
