package io.atpsync.sink;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reconciliations this worker has written (hard syncs whose id starts {@code reconcile-}): per run, the locations
 * taken and done and the keys found drifted; a run is complete when every location it took is done. For {@code GET
 * /atp-sync/reconcile}, the System page, and the {@code reconcile-last-complete-age-seconds} metric.
 */
final class Reconciliations {

    static final String PREFIX = "reconcile-";

    /** One run. */
    static final class Run {
        final String requestId;
        final Set<String> locations = new TreeSet<>();
        final Set<String> done = new TreeSet<>();
        long drifted;
        Instant completedAt;

        Run(String requestId) {
            this.requestId = requestId;
        }
    }

    private static final Map<String, Run> RUNS = new LinkedHashMap<>();
    private static Run lastComplete;

    private Reconciliations() {}

    static boolean is(String hardSyncId) {
        return hardSyncId != null && hardSyncId.startsWith(PREFIX);
    }

    static synchronized void took(BulkUnit.Key key) {
        RUNS.computeIfAbsent(key.hardSync(), Run::new).locations.add(key.location());
        while (RUNS.size() > 50) {
            RUNS.remove(RUNS.keySet().iterator().next());
        }
    }

    static synchronized void done(BulkUnit.Key key, long drifted) {
        Run r = RUNS.computeIfAbsent(key.hardSync(), Run::new);
        r.locations.add(key.location());
        r.done.add(key.location());
        r.drifted += drifted;
        if (r.done.equals(r.locations)) {
            r.completedAt = Instant.now();
            lastComplete = r;
        }
    }

    /** Seconds since the last complete reconciliation ended; -1 before the first. */
    static synchronized double lastCompleteAgeSeconds() {
        return lastComplete == null
                ? -1
                : (System.currentTimeMillis() - lastComplete.completedAt.toEpochMilli()) / 1000.0;
    }

    /** Keys the last complete reconciliation found drifted (and fixed); -1 before the first. */
    static synchronized long lastCompleteDrifted() {
        return lastComplete == null ? -1 : lastComplete.drifted;
    }

    static synchronized Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (lastComplete != null) {
            m.put(
                    "lastComplete",
                    Map.of(
                            "requestId", lastComplete.requestId,
                            "completedAt", lastComplete.completedAt.toString(),
                            "ageSeconds", Math.round(lastCompleteAgeSeconds()),
                            "drifted", lastComplete.drifted,
                            "locations", lastComplete.locations.size()));
        }
        m.put(
                "running",
                RUNS.values().stream()
                        .filter(r -> r.completedAt == null)
                        .map(r -> Map.of(
                                "requestId", r.requestId, "locations", r.locations.size(), "done", r.done.size()))
                        .toList());
        return m;
    }
}
