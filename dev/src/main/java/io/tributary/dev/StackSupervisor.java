package io.tributary.dev;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Watches the local stack's service processes: a service that exits while the stack runs is a failure to report,
 * one that exits once the stack is stopping (Ctrl-C, SIGTERM) is expected and reported by nobody. Stops them all in
 * parallel. Thread-safe: the watch loop asks {@link #unexpectedlyStopped} while a shutdown hook calls
 * {@link #stopAll}.
 */
final class StackSupervisor {

    private final List<ServiceProcess> services;
    private volatile boolean stopping;

    StackSupervisor(List<ServiceProcess> services) {
        this.services = services;
    }

    /** Whether the stack is stopping: from then on a service that exits is expected to. */
    boolean stopping() {
        return stopping;
    }

    /** From now on a service that exits is expected to: the stack is stopping. */
    void markStopping() {
        stopping = true;
    }

    /** The first service that exited while the stack was not stopping, or empty. */
    Optional<ServiceProcess> unexpectedlyStopped() {
        for (ServiceProcess service : services) {
            // Liveness first, then the flag: a service that exited because the stack stops it is dead only after
            // stopAll set the flag.
            if (!service.isAlive() && !stopping) {
                return Optional.of(service);
            }
        }
        return Optional.empty();
    }

    /** Marks the stack as stopping, then stops every service (SIGTERM, SIGKILL after the grace period) in parallel. */
    void stopAll(Duration grace) {
        stopping = true;
        List<Thread> stops = new ArrayList<>();
        for (ServiceProcess service : services) {
            Thread stop = new Thread(() -> {
                try {
                    service.stop(grace);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stop-" + service.name());
            stop.start();
            stops.add(stop);
        }
        for (Thread stop : stops) {
            try {
                stop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
