package io.atpsync.streams.hardsync;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one task did for a hard-sync request at its cut: {@code GET /hard-sync/{id}} shows one per partition.
 *
 * @param targets SET targets sent (keys of the scope this task holds with a catalogue entry)
 * @param unmapped keys in scope left out because the catalogue does not know their SKU
 * @param cutAt when the task cut over: variances buffered before it were replaced by the targets
 */
public record HardSyncStatus(int targets, int unmapped, Instant cutAt) {

    private static final Pattern SUMMARY =
            Pattern.compile("(\\d+) targets sent, (\\d+) unmapped \\(no catalog entry\\), cut over at (\\S+)");

    /** The one-line summary shown to people (and the form a task stored before the status was typed). */
    public String summary() {
        return targets + " targets sent, " + unmapped + " unmapped (no catalog entry), cut over at " + cutAt;
    }

    /** Reads a {@link #summary()}; empty when {@code text} is not one. */
    public static Optional<HardSyncStatus> parse(String text) {
        Matcher m = SUMMARY.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new HardSyncStatus(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Instant.parse(m.group(3))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
