package io.atpsync.cli;

import java.io.PrintWriter;

/** A one-line progress bar on stderr for long work; silent for small inputs so scripts stay quiet. */
final class ProgressBar {

    private static final long SHOW_ABOVE_BYTES = 1L << 20;
    private static final long SHOW_ABOVE_ITEMS = 500;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean enabled;
    private final boolean counting;
    private int lastPercent = -1;

    /** Over bytes of a file: shown above 1 MiB. */
    ProgressBar(PrintWriter err, String label, long total) {
        this(err, label, total, total > SHOW_ABOVE_BYTES, false);
    }

    private ProgressBar(PrintWriter err, String label, long total, boolean enabled, boolean counting) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.enabled = enabled && total > 0;
        this.counting = counting;
    }

    /** Over items (keys, records), with "done/total": shown above 500. */
    static ProgressBar items(PrintWriter err, String label, long total) {
        return new ProgressBar(err, label, total, total > SHOW_ABOVE_ITEMS, true);
    }

    void update(long done) {
        if (!enabled) {
            return;
        }
        int percent = (int) Math.min(100, done * 100 / total);
        if (percent != lastPercent) {
            lastPercent = percent;
            int filled = percent * WIDTH / 100;
            err.printf(
                    "\r%s [%s%s] %3d%%%s",
                    label,
                    "#".repeat(filled),
                    " ".repeat(WIDTH - filled),
                    percent,
                    counting ? " (" + done + "/" + total + ")" : "");
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
