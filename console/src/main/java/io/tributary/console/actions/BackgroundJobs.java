package io.tributary.console.actions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The console's background jobs of one kind (redrives, replays): they run one at a time on their own daemon thread,
 * in the order started, and the last {@code kept} are kept by id for their pages; a console restart forgets them.
 * Thread-safe.
 *
 * @param <J> the kind's job, which carries its own progress and cancel flag
 */
final class BackgroundJobs<J> implements AutoCloseable {

    private final Map<String, J> jobs = new LinkedHashMap<>();
    private final int kept;
    private final ExecutorService runner;

    /** @param thread the name of the jobs' thread; {@code kept} how many jobs are kept, the oldest forgotten first */
    BackgroundJobs(String thread, int kept) {
        this.kept = kept;
        this.runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
    }

    /** Keeps {@code job} under {@code id} and runs {@code work} after the jobs started before it. */
    J start(String id, J job, Runnable work) {
        synchronized (jobs) {
            jobs.put(id, job);
            while (jobs.size() > kept) {
                jobs.remove(jobs.keySet().iterator().next());
            }
        }
        runner.execute(work);
        return job;
    }

    Optional<J> get(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    /** The jobs kept, newest first. */
    List<J> recent() {
        synchronized (jobs) {
            List<J> recent = new ArrayList<>(jobs.values());
            Collections.reverse(recent);
            return recent;
        }
    }

    /**
     * Asks job {@code id} to stop, through {@code cancel} (which answers false when the job has finished); false when
     * there is no such job.
     */
    boolean cancel(String id, Function<J, Boolean> cancel) {
        return get(id).map(cancel).orElse(false);
    }

    @Override
    public void close() throws InterruptedException {
        runner.shutdownNow();
        runner.awaitTermination(10, TimeUnit.SECONDS);
    }
}
