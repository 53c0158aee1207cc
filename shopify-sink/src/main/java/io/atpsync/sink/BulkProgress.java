package io.atpsync.sink;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every bulk hard sync of this worker is doing, per hard sync and location, for {@code GET /atp-sync/bulk} on the
 * Connect REST port ({@link MetricsRestExtension}) and the logs: the phase, the operation, its lines done, the lines
 * Shopify refused as stale, the items written directly instead and the items dead-lettered.
 */
final class BulkProgress {

    /** One location's state. */
    record State(
            String phase,
            String operationId,
            int targets,
            int lines,
            long linesDone,
            int staleLines,
            int direct,
            int deadLettered,
            int drifted,
            java.util.List<Map<String, Object>> drifts,
            String updatedAt) {

        /** A reconciliation records up to this many drifted keys per location here (all go to the log). */
        static final int DRIFT_SAMPLES = 20;

        State {
            drifts = drifts == null ? java.util.List.of() : java.util.List.copyOf(drifts);
        }

        static State of(String phase, int targets) {
            return new State(
                    phase, null, targets, 0, 0, 0, 0, 0, 0, null, Instant.now().toString());
        }

        State phase(String newPhase) {
            return new State(
                    newPhase,
                    operationId,
                    targets,
                    lines,
                    linesDone,
                    staleLines,
                    direct,
                    deadLettered,
                    drifted,
                    drifts,
                    Instant.now().toString());
        }
    }

    private static final Map<String, Map<String, State>> BY_HARD_SYNC = new ConcurrentHashMap<>();

    private BulkProgress() {}

    static void put(BulkUnit.Key key, State state) {
        BY_HARD_SYNC
                .computeIfAbsent(key.hardSync(), k -> new ConcurrentHashMap<>())
                .put(key.location(), state);
    }

    /**
     * A reconciliation's drifted keys at the location of {@code shop}: how many, and the first few with their probable
     * cause and shop (the System page's Drift view offers a fix for each).
     */
    static void drifted(BulkUnit.Key key, String shop, io.atpsync.sink.bulk.Drifts drifts) {
        drifts.samples().forEach(d -> d.put("shop", shop));
        State w = get(key);
        if (w == null) {
            w = State.of("PLANNED", 0);
        }
        put(
                key,
                new State(
                        w.phase(),
                        w.operationId(),
                        w.targets(),
                        w.lines(),
                        w.linesDone(),
                        w.staleLines(),
                        w.direct(),
                        w.deadLettered(),
                        drifts.count(),
                        drifts.samples(),
                        Instant.now().toString()));
    }

    /** The location is written: its final counts. */
    static State done(BulkUnit.Key key, int targets, int direct, int deadLettered) {
        State w = get(key);
        if (w == null) {
            w = State.of("DONE", targets);
        }
        State done = new State(
                "DONE",
                w.operationId(),
                targets,
                w.lines(),
                w.linesDone(),
                w.staleLines(),
                direct,
                deadLettered,
                w.drifted(),
                w.drifts(),
                Instant.now().toString());
        put(key, done);
        return done;
    }

    static State get(BulkUnit.Key key) {
        return BY_HARD_SYNC.getOrDefault(key.hardSync(), Map.of()).get(key.location());
    }

    /** Every hard sync's locations, sorted. */
    static Map<String, Map<String, State>> all() {
        Map<String, Map<String, State>> out = new TreeMap<>();
        BY_HARD_SYNC.forEach((h, locations) -> out.put(h, new TreeMap<>(locations)));
        return out;
    }

    /** The lines done in a status line of {@link io.atpsync.shopify.BulkMutation#await} ("…, N line(s) done"). */
    static long linesDone(String status) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile(", (\\d+) line").matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * Of an operation's {@code done} lines, those inside one location's run {@code [first, end)} of the file (Shopify
     * counts lines in file order); -1 when unknown.
     */
    static long within(long done, int[] run) {
        return done < 0 ? -1 : Math.max(0, Math.min(done, run[1]) - run[0]);
    }
}
