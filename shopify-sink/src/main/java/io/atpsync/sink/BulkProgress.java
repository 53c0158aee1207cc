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
            String updatedAt) {

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

    static State get(BulkUnit.Key key) {
        return BY_HARD_SYNC.getOrDefault(key.hardSync(), Map.of()).get(key.location());
    }

    /** Every hard sync's locations, sorted. */
    static Map<String, Map<String, State>> all() {
        Map<String, Map<String, State>> out = new TreeMap<>();
        BY_HARD_SYNC.forEach((h, locations) -> out.put(h, new TreeMap<>(locations)));
        return out;
    }
}
