package io.atpsync.harness;

import java.util.List;
import java.util.Map;

/**
 * benchmarks/results.md from the figures in results.json: one section per benchmark, each with the command that
 * produced it.
 */
final class BenchReport {

    private static final List<String> ORDER = List.of("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8");

    private BenchReport() {}

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> results) {
        StringBuilder md = new StringBuilder(
                "# ATP Sync benchmarks\n\nWritten by `./atp-sync bench`; each section names the command, date and "
                        + "machine of its figures (`--only` re-runs one section). "
                        + "Targets: B1 ≥ 0.1 of pass-through on the stress mapping and ≥ 0.3 on the reference "
                        + "retailer's; B2 ≥ 100× fewer API calls; "
                        + "B3 ≥ 0.9 of the theoretical rate, 0 THROTTLED; B4 p99 ≤ "
                        + "flush interval + 2 s; B5 resume ≤ 30 s with local state.\n");
        for (String b : ORDER) {
            Map<String, Object> m = (Map<String, Object>) results.get(b);
            md.append("\n## ").append(b).append(' ').append(title(b)).append("\n\n");
            if (m == null) {
                md.append("Not measured yet: `./atp-sync bench --only ")
                        .append(b.toLowerCase(java.util.Locale.ROOT))
                        .append("`.\n");
                continue;
            }
            md.append("`")
                    .append(m.get("command"))
                    .append("` — ")
                    .append(m.get("date"))
                    .append(", ")
                    .append(m.get("machine"))
                    .append("\n\n");
            switch (b) {
                case "B1" -> b1(md, m);
                case "B2" -> b2(md, m);
                case "B3" -> HardSyncReport.b3(md, m);
                case "B4" -> b4(md, m);
                case "B5" -> b5(md, m);
                case "B7" -> HardSyncReport.b7(md, m);
                case "B8" -> HardSyncReport.b8(md, m);
                default -> b6(md, m);
            }
        }
        return md.toString();
    }

    private static String title(String b) {
        return switch (b) {
            case "B1" -> "Streams throughput";
            case "B2" -> "Shopify API efficiency";
            case "B3" -> "Rate-limit efficiency (hard sync)";
            case "B4" -> "Freshness";
            case "B5" -> "Recovery";
            case "B7" -> "Morning reset file at catalogue scale";
            case "B8" -> "Reconciliation";
            default -> "Hot-path micro-benchmarks (JMH)";
        };
    }

    @SuppressWarnings("unchecked")
    private static void b1(StringBuilder md, Map<String, Object> m) {
        md.append(m.get("events"))
                .append(" events, 6 partitions, exactly_once_v2; each mapping is run against its own pass-through.\n\n")
                .append("| mapping | ATP Sync events/s | pass-through events/s | ratio (goal) | seconds | offsets "
                        + "written per event | peak RSS MB |\n|---|---|---|---|---|---|---|\n");
        b1Row(md, m, "stress", "0.1");
        if (m.get("reference") instanceof Map<?, ?> reference) {
            b1Row(md, (Map<String, Object>) reference, "reference retailer", "0.3");
        }
        md.append("\nMappings: stress — ")
                .append(m.getOrDefault("mapping", "10,000 SKUs × 50 facilities, 50 locations"))
                .append(m.get("reference") instanceof Map<?, ?> r ? "; reference — " + r.get("mapping") : "")
                .append(".\n\nStress: ")
                .append(offsetRatio(m).replaceFirst("^ \\([^)]*\\); ", ""))
                .append("; Streams settings ")
                .append(m.get("streamsConfig"))
                .append("; offsets written by topic ")
                .append(m.get("atpSyncOffsetsWrittenByTopic"))
                .append(
                        m.get("reference") instanceof Map<?, ?> r
                                ? ". Reference: offsets written by topic " + r.get("atpSyncOffsetsWrittenByTopic")
                                : "")
                .append(" (")
                .append(m.get("note"))
                .append(").\n");
    }

    private static void b1Row(StringBuilder md, Map<String, Object> m, String name, String goal) {
        md.append(cells(
                name,
                m.get("atpSyncEventsPerSecond"),
                m.get("passThroughEventsPerSecond"),
                "**" + m.get("ratio") + "** (" + goal + ")",
                m.get("atpSyncSeconds"),
                m.get("atpSyncOffsetsWrittenPerEvent"),
                m.get("peakRssMbAfterAtpSync")));
    }

    /**
     * Per offset written rather than per event: what is left of the ratio once the ~27 records an event makes are
     * counted.
     */
    private static String offsetRatio(Map<String, Object> m) {
        if (!(m.get("atpSyncEventsPerSecond") instanceof Number atp)
                || !(m.get("passThroughEventsPerSecond") instanceof Number pt)
                || !(m.get("atpSyncOffsetsWrittenPerEvent") instanceof Number atpOffsets)
                || !(m.get("passThroughOffsetsWrittenPerEvent") instanceof Number ptOffsets)) {
            return "";
        }
        double a = atp.doubleValue() * atpOffsets.doubleValue();
        double b = pt.doubleValue() * ptOffsets.doubleValue();
        return String.format(
                java.util.Locale.ROOT,
                " (%.3f); offsets written per second %,.0f vs %,.0f: ratio %.2f",
                atp.doubleValue() / pt.doubleValue(),
                a,
                b,
                a / b);
    }

    @SuppressWarnings("unchecked")
    private static void b2(StringBuilder md, Map<String, Object> m) {
        Map<String, Object> atp = (Map<String, Object>) m.get("atpSync");
        Map<String, Object> base = (Map<String, Object>) m.get("perEventBaseline");
        md.append(m.get("events"))
                .append(" events over ")
                .append(m.get("skus"))
                .append(" SKUs, one location, ")
                .append(m.get("plan"))
                .append(".\n\n")
                .append("| | API calls | cost points | changes sent | throttled "
                        + "| seconds to drain |\n|---|---|---|---|---|---|\n")
                .append(cells(
                        "ATP Sync",
                        atp.get("apiCalls"),
                        atp.get("costPoints"),
                        atp.get("changesSent"),
                        atp.get("throttled"),
                        atp.get("secondsToDrain")))
                .append(cells(
                        "per-event baseline",
                        base.get("apiCalls"),
                        base.get("costPoints"),
                        base.get("changesSent"),
                        base.get("throttled"),
                        base.get("secondsToDrain")))
                .append("\n**Ratios (baseline / ATP Sync): calls ")
                .append(m.get("callRatio"))
                .append("×, cost ")
                .append(m.get("costRatio"))
                .append("×, time to drain ")
                .append(m.get("drainTimeRatio"))
                .append("×.**\n");
    }

    private static void b4(StringBuilder md, Map<String, Object> m) {
        md.append(m.get("targetEventsPerSecond"))
                .append(" events/s for ")
                .append(m.get("seconds"))
                .append(" s over ")
                .append(m.get("skus"))
                .append(" SKUs; flush interval ")
                .append(m.get("flushIntervalMs"))
                .append(" ms.\n\n")
                .append("| events | achieved events/s | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|\n")
                .append(cells(
                        null,
                        m.get("events"),
                        m.get("achievedEventsPerSecond"),
                        m.get("p50Ms"),
                        m.get("p99Ms"),
                        m.get("maxMs")))
                .append('\n');
        if (m.containsKey("beyondWindowP99Ms")) {
            md.append("Beyond the wait for the window to close: p50 ")
                    .append(m.get("beyondWindowP50Ms"))
                    .append(" ms, p99 ")
                    .append(m.get("beyondWindowP99Ms"))
                    .append(" ms. p99 per 30 s of the run (ms): ")
                    .append(m.get("p99MsPer30s"))
                    .append(".\n\n");
        }
        md.append(m.get("note")).append(".\n");
    }

    @SuppressWarnings("unchecked")
    private static void b5(StringBuilder md, Map<String, Object> m) {
        md.append("State for ")
                .append(m.get("keys"))
                .append(" positions (")
                .append(m.get("changelogRecords"))
                .append(" changelog records), built in ")
                .append(m.get("loadSeconds"))
                .append(" s.\n\n")
                .append("| case | seconds to RUNNING | seconds to processing |\n|---|---|---|\n");
        for (String k : List.of(
                "localState",
                "wipedState",
                "localStateStaticMembershipIdle",
                "localStateStaticMembership",
                "twoInstancesNoStandby",
                "twoInstancesStandby")) {
            Map<String, Object> c = (Map<String, Object>) m.get(k);
            if (c != null) {
                md.append(cells(
                        String.valueOf(c.get("case")),
                        c.getOrDefault("secondsToRunning", "–"),
                        c.get("secondsToProcessing")));
            }
        }
        md.append('\n').append(m.get("note")).append(".\n");
    }

    @SuppressWarnings("unchecked")
    private static void b6(StringBuilder md, Map<String, Object> m) {
        md.append(m.get("jmh")).append(".\n\n| benchmark | parameters | score | ± | unit |\n|---|---|---|---|---|\n");
        for (Map<String, Object> r : (List<Map<String, Object>>) m.get("results")) {
            md.append(cells(
                    String.valueOf(r.get("benchmark")),
                    r.get("params"),
                    r.get("score"),
                    r.get("error"),
                    r.get("unit")));
        }
    }

    static String cells(String first, Object... values) {
        StringBuilder row = new StringBuilder("|");
        if (first != null) {
            row.append(' ').append(first).append(" |");
        }
        for (Object v : values) {
            row.append(' ').append(v).append(" |");
        }
        return row.append('\n').toString();
    }
}
