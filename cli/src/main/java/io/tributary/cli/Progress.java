package io.tributary.cli;

import java.io.PrintWriter;

/** A progress bar with rate and ETA for long runs, redrawn at most twice a second on standard error. */
final class Progress {

    private final PrintWriter err;
    private final long total;
    private final long started = System.nanoTime();
    private long lastDraw;
    private long done;

    Progress(PrintWriter err, long total) {
        this.err = err;
        this.total = total;
    }

    void advance(long count) {
        done += count;
        long now = System.nanoTime();
        if (now - lastDraw >= 500_000_000L) {
            lastDraw = now;
            draw(false);
        }
    }

    void finish() {
        draw(true);
    }

    private void draw(boolean last) {
        double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
        double rate = done / seconds;
        int width = 30;
        int filled = total == 0 ? width : (int) (width * Math.min(1.0, (double) done / total));
        long eta = rate <= 0 ? 0 : (long) Math.ceil((total - done) / rate);
        err.printf("[%s%s] %3d%% %,d/%,d records %,.0f/s ETA %ds%s", "#".repeat(filled), " ".repeat(width - filled),
                total == 0 ? 100 : done * 100 / total, done, total, rate, last ? 0 : eta, last ? "\n" : "\r");
        err.flush();
    }
}
