package io.atpsync.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.local.LocalStackConfig;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The phases of a bulk hard sync as the sink reports them ({@code GET /atp-sync/bulk} on the Connect worker), polled:
 * when the first location entered each phase and when the last left it, so B3 can tell ATP Sync's own time (reading the
 * levels file, planning, uploading) from Shopify's (the bulk query and mutation running).
 */
final class BulkPhases {

    private final LocalStackConfig config;
    private final String requestId;
    /** Per phase, when any location was first seen in it (ms since the epoch). */
    private final Map<String, Long> firstSeen = new TreeMap<>();

    private final Map<String, Long> lastSeen = new TreeMap<>();
    private String lastLine = "";

    BulkPhases(LocalStackConfig config, String requestId) {
        this.config = config;
        this.requestId = requestId;
    }

    void poll(PrintWriter log) {
        JsonNode locations;
        try {
            locations = BenchCommand.JSON
                    .readTree(config.connect().get("/atp-sync/bulk"))
                    .path(requestId);
        } catch (Exception e) {
            return;
        }
        long now = System.currentTimeMillis();
        Map<String, Integer> count = new TreeMap<>();
        long done = 0;
        long lines = 0;
        for (JsonNode l : locations) {
            String phase = l.path("phase").asText().split(" ")[0];
            firstSeen.putIfAbsent(phase, now);
            lastSeen.put(phase, now);
            count.merge(phase, 1, Integer::sum);
            done += l.path("linesDone").asLong();
            lines += l.path("lines").asLong();
        }
        String line = "B3 bulk: " + count + ", " + done + "/" + lines + " lines";
        if (!line.equals(lastLine) && !count.isEmpty()) {
            log.println(line);
            log.flush();
            lastLine = line;
        }
    }

    /** Seconds per side: ATP Sync's own work and Shopify's running of the operations. */
    Map<String, Object> figures() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phasesFirstSeenMs", relative(firstSeen));
        double reading = span("READING", "PLANNED");
        double uploading = span("UPLOADING", "WRITING");
        double query = span("QUERYING", "READING");
        double writing = span("WRITING", "WRITTEN");
        m.put("atpSyncSeconds", round(reading + uploading));
        m.put("shopifySeconds", round(query + writing));
        m.put("bulkQuerySeconds", round(query));
        m.put("bulkMutationSeconds", round(writing));
        m.put("directSettleSeconds", round(span("WRITTEN", "DONE")));
        return m;
    }

    /** From the first location seen in {@code from} to the first seen in {@code to}. */
    private double span(String from, String to) {
        Long a = firstSeen.get(from);
        Long b = firstSeen.get(to);
        return a == null || b == null ? 0 : Math.max(0, b - a) / 1000.0;
    }

    private Map<String, Long> relative(Map<String, Long> at) {
        long zero = at.values().stream().mapToLong(Long::longValue).min().orElse(0);
        Map<String, Long> out = new LinkedHashMap<>();
        at.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(e -> out.put(e.getKey(), e.getValue() - zero));
        return out;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
