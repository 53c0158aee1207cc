package io.atpsync.harness;

import java.util.List;
import java.util.Map;

/** The hard-sync sections of results.md: B3 (the bulk and the direct path) and B8 (reconciliation). */
final class HardSyncReport {

    private HardSyncReport() {}

    @SuppressWarnings("unchecked")
    static void b3(StringBuilder md, Map<String, Object> m) {
        if (m.get("bulk") instanceof Map<?, ?>) {
            Map<String, Object> bulk = (Map<String, Object>) m.get("bulk");
            Map<String, Object> direct = (Map<String, Object>) m.get("direct");
            md.append("A hard sync of every (item, location) pair on a Standard shop (100 points/s, bucket emptied "
                            + "at the request), through the bulk path at the emulator's bulk rate of ")
                    .append(bulk.get("emulatorBulkLinesPerSecond"))
                    .append(" lines/s (250 changes a line), and through the direct path beside it. Goals for "
                            + "1,000,000 pairs: under 5,000 API points in all, ATP Sync's own time ≤ 3 min.\n\n")
                    .append("| path | pairs | changes applied | seconds | changes/s | API points | points/pair | "
                            + "THROTTLED | ATP Sync's own s | Shopify's s (query + mutation) | Connect peak RSS MB |\n")
                    .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Map<String, Object> r : List.of(bulk, direct)) {
                md.append(BenchReport.cells(
                        String.valueOf(r.get("path")),
                        r.get("pairs"),
                        r.get("changesApplied"),
                        r.get("seconds"),
                        r.get("changesPerSecond"),
                        r.get("costPoints"),
                        r.get("pointsPerPair"),
                        r.get("throttled"),
                        r.getOrDefault("atpSyncSeconds", "–"),
                        r.containsKey("shopifySeconds")
                                ? r.get("shopifySeconds") + " (" + r.get("bulkQuerySeconds") + " + "
                                        + r.get("bulkMutationSeconds") + ")"
                                : "–",
                        r.get("connectPeakRssMb")));
            }
            md.append('\n')
                    .append(bulk.get("note"))
                    .append(". Direct: ")
                    .append(direct.get("note"))
                    .append(".\n");
            pointsBy(md, "Bulk path", bulk);
            return;
        }
        md.append("Hard sync of ")
                .append(m.get("pairs"))
                .append(" (item, location) pairs.\n\n")
                .append("| changes applied | seconds | changes/s | theoretical "
                        + "changes/s | ratio | API calls | cost points | THROTTLED |\n")
                .append("|---|---|---|---|---|---|---|---|\n")
                .append(BenchReport.cells(
                        null,
                        m.get("changesApplied"),
                        m.get("seconds"),
                        m.get("changesPerSecond"),
                        m.get("theoreticalChangesPerSecond"),
                        m.get("ratio"),
                        m.get("apiCalls"),
                        m.get("costPoints"),
                        m.get("throttled")))
                .append('\n')
                .append(m.get("note"))
                .append(".\n");
    }

    static void b8(StringBuilder md, Map<String, Object> m) {
        md.append("| pairs | drifts injected | drifted found | changes applied | seconds | API points | "
                        + "ATP Sync's own s | Shopify's s |\n|---|---|---|---|---|---|---|---|\n")
                .append(BenchReport.cells(
                        null,
                        m.get("pairs"),
                        m.get("injectedDrifts"),
                        m.get("driftedFound"),
                        m.get("changesApplied"),
                        m.get("seconds"),
                        m.get("costPoints"),
                        m.get("atpSyncSeconds"),
                        m.get("shopifySeconds")))
                .append("\n")
                .append(m.get("note"))
                .append(".\n");
        pointsBy(md, "Reconciliation", m);
    }

    static void b7(StringBuilder md, Map<String, Object> m) {
        md.append("Goal for 1,000,000 rows: ≤ 15 min on this machine, every level equal to its target.\n\n")
                .append("| rows | rows changed | Shopify pairs | POS sales during it | seconds to settled | import s "
                        + "| levels wrong after | changes applied | API points | bulk lines/s |\n"
                        + "|---|---|---|---|---|---|---|---|---|---|\n")
                .append(BenchReport.cells(
                        null,
                        m.get("rows"),
                        m.get("rowsChanged"),
                        m.get("pairs"),
                        m.get("posSalesDuringImport"),
                        m.get("seconds"),
                        m.get("importSeconds"),
                        m.get("levelsWrong"),
                        m.get("changesApplied"),
                        m.get("costPoints"),
                        m.get("emulatorBulkLinesPerSecond")))
                .append("\nStages (seconds from the drop): ");
        if (m.get("stages") instanceof List<?> stages) {
            md.append(String.join("; ", stages.stream().map(String::valueOf).toList()));
        }
        md.append("\n\n").append(m.get("note")).append(".\n");
        pointsBy(md, "Reset", m);
    }

    /** Where a run's API points went, by the operations' top-level fields (the emulator counts them). */
    private static void pointsBy(StringBuilder md, String what, Map<String, Object> m) {
        if (m.get("pointsByOperation") instanceof Map<?, ?> by && !by.isEmpty()) {
            md.append('\n').append(what).append(": API points by operation: ");
            md.append(String.join(
                    ", ",
                    by.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .toList()));
            md.append(".\n");
        }
    }
}
