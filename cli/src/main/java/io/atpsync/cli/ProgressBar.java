package io.atpsync.cli;

import java.io.PrintWriter;

/** A one-line progress bar on stderr for long work; silent for small inputs so scripts stay quiet. */
final class ProgressBar {

    private static final long SHOW_ABOVE_BYTES = 1L << 20;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean enabled;
    private int lastPercent = -1;

    ProgressBar(PrintWriter err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.enabled = total > SHOW_ABOVE_BYTES;
    }

    void update(long done) {
        if (!enabled) {
            return;
        }
        int percent = (int) Math.min(100, done * 100 / total);
        if (percent != lastPercent) {
            lastPercent = percent;
            int filled = percent * WIDTH / 100;
            err.printf("\r%s [%s%s] %3d%%", label, "#".repeat(filled), " ".repeat(WIDTH - filled), percent);
            err.flush();
        }
    }

    void done() {
        if (enabled && lastPercent >= 0) {
            err.println();
            err.flush();
        }
    }
}
