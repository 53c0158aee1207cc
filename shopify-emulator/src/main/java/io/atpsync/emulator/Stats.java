package io.atpsync.emulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What a shop saw: the figures benchmarks and tests read back. */
final class Stats {

    final AtomicLong requests = new AtomicLong();
    final AtomicLong mutations = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();
    final AtomicLong faults = new AtomicLong();
    final AtomicLong costRequested = new AtomicLong();
    final AtomicLong costActual = new AtomicLong();
    final AtomicLong changesApplied = new AtomicLong();
    final AtomicLong unitsApplied = new AtomicLong();
    final AtomicLong userErrors = new AtomicLong();
    final AtomicLong replays = new AtomicLong();
    /** Points and calls per operation's top-level fields: where a run's API points went. */
    private final Map<String, long[]> byRootFields = new java.util.concurrent.ConcurrentHashMap<>();

    void cost(String rootFields, int points) {
        long[] c = byRootFields.computeIfAbsent(rootFields, k -> new long[2]);
        synchronized (c) {
            c[0] += points;
            c[1]++;
        }
    }

    Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", requests.get());
        m.put("mutations", mutations.get());
        m.put("throttled", throttled.get());
        m.put("faults", faults.get());
        m.put("costRequested", costRequested.get());
        m.put("costActual", costActual.get());
        m.put("changesApplied", changesApplied.get());
        m.put("unitsApplied", unitsApplied.get());
        m.put("userErrors", userErrors.get());
        m.put("idempotentReplays", replays.get());
        Map<String, Object> by = new java.util.TreeMap<>();
        byRootFields.forEach((k, c) -> {
            synchronized (c) {
                by.put(k, Map.of("points", c[0], "calls", c[1]));
            }
        });
        m.put("costByRootFields", by);
        return m;
    }
}
