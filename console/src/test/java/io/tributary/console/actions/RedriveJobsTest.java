package io.tributary.console.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedriveJobsTest {

    private final RedriveJobs jobs = new RedriveJobs(Clock.fixed(Instant.parse("2026-02-10T09:00:00Z"),
            ZoneOffset.UTC));

    @AfterEach
    void close() throws InterruptedException {
        jobs.close();
    }

    /** A redrive of {@code total} records that reports each and stops when cancelled, as ConsoleActions does. */
    static RedriveJobs.Work records(int total, CountDownLatch afterFirst, CountDownLatch resume) {
        return progress -> {
            int sent = 0;
            for (int i = 0; i < total; i++) {
                if (progress.cancelled()) {
                    break;
                }
                sent++;
                progress.update(sent, 0);
                if (i == 0) {
                    afterFirst.countDown();
                    assertThat(resume.await(10, TimeUnit.SECONDS)).isTrue();
                }
            }
            return new ConsoleActions.Result(sent, 2, 0, List.of());
        };
    }

    @Test
    void shouldShowARedrivesProgressAndItsResult() throws Exception {
        CountDownLatch afterFirst = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        RedriveJobs.Job job = jobs.start(5, 2, records(5, afterFirst, resume));

        assertThat(afterFirst.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(job.state()).isEqualTo(RedriveJobs.State.RUNNING);
        assertThat(job.summary()).isEqualTo("1 of 5 sent.");
        resume.countDown();
        await().atMost(Duration.ofSeconds(10)).until(job::finished);

        assertThat(job.state()).isEqualTo(RedriveJobs.State.DONE);
        assertThat(job.summary()).isEqualTo("5 redriven, 2 redriven before and skipped.");
        assertThat(jobs.get(job.id())).containsSame(job);
        assertThat(jobs.cancel(job.id())).isFalse();
    }

    @Test
    void shouldStopACancelledRedriveBeforeItsNextRecord() throws Exception {
        CountDownLatch afterFirst = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        RedriveJobs.Job job = jobs.start(5, 0, records(5, afterFirst, resume));

        assertThat(afterFirst.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(jobs.cancel(job.id())).isTrue();
        assertThat(job.summary()).isEqualTo("1 of 5 sent; stopping.");
        resume.countDown();
        await().atMost(Duration.ofSeconds(10)).until(job::finished);

        assertThat(job.state()).isEqualTo(RedriveJobs.State.CANCELLED);
        assertThat(job.summary()).isEqualTo("Cancelled: 1 redriven, 0 redriven before and skipped; 4 not sent, a new"
                + " redrive sends them.");
        assertThat(job.toJson().get("sent").asInt()).isEqualTo(1);
    }

    @Test
    void shouldSayWhereAFailedRedriveStopped() {
        RedriveJobs.Job job = jobs.start(3, 0, progress -> {
            progress.update(2, 0);
            throw new IllegalStateException("the broker refused the record");
        });
        await().atMost(Duration.ofSeconds(10)).until(job::finished);

        assertThat(job.state()).isEqualTo(RedriveJobs.State.FAILED);
        assertThat(job.summary()).isEqualTo("The redrive stopped after 2 of 3: the broker refused the record. What was"
                + " sent is recorded; a new redrive sends only the rest.");
        assertThat(jobs.get("no-such-id")).isEmpty();
        assertThat(jobs.cancel("no-such-id")).isFalse();
    }
}
