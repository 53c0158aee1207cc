package io.atpsync.sink;

import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.shopify.BulkMutation;
import io.atpsync.shopify.BulkQuery;
import io.atpsync.shopify.Gid;
import io.atpsync.shopify.ShopifyClient;
import io.atpsync.shopify.ShopifyHttp;
import io.atpsync.sink.bulk.BulkPlan;
import io.atpsync.sink.bulk.PostCutLedger;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bulk hard sync of some locations (DESIGN.md, "Two hard-sync paths"): a bulk query reads every level; per
 * location, the fulfillment orders are read and {@link BulkPlan} turns the targets into CAS-guarded
 * {@code inventoryAdjustQuantities} lines; the JSONL is staged and run as one bulk mutation named for the hard sync and
 * its locations; its result file says which lines applied. What the file could not settle (stale lines, items a live
 * delta touched, items the read does not explain) is handed back for the direct path; items Shopify refused for good,
 * for the DLQ. An operation found running for the same locations after a restart is waited for, never started twice.
 * Runs on the bulk worker thread, beside the task's own calls.
 */
final class BulkRun {

    private static final Logger LOG = LoggerFactory.getLogger(BulkRun.class);
    /** Bulk operations may run for days on Shopify (10 at most); the worker waits as long as it takes. */
    static final Duration WAIT = Duration.ofDays(10);

    /** One location's result: items to write directly, items Shopify refused for good, and the unit. */
    record Result(BulkUnit unit, List<AdjustmentChange> direct, List<BatchApplier.Refused> refused) {}

    private final ShopifyClient client;
    private final ShopifyHttp http;
    private final FulfillmentOrderReads reads;
    private final KitItems kits;
    private final PostCutLedger ledger;
    private final Duration poll;

    BulkRun(BatchApplier calls, String shop, PostCutLedger ledger, long pollMs) {
        this.client = calls.client();
        this.http = calls.http();
        this.reads = new FulfillmentOrderReads(calls, shop);
        this.kits = new KitItems(reads);
        this.ledger = ledger;
        this.poll = Duration.ofMillis(pollMs);
    }

    List<Result> run(List<BulkUnit> units)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, IOException, InterruptedException {
        String hardSync = units.get(0).key.hardSync();
        Set<String> resumed = resume(hardSync, units);
        units.forEach(u -> progress(u, "QUERYING", null, -1, -1, -1));
        Path levelsFile = query(units);
        Set<String> locations = new TreeSet<>();
        units.forEach(u -> locations.add(u.key.location()));
        BulkPlan.Levels levels = BulkPlan.levels(levelsFile, locations);
        if (levelsFile != null) {
            Files.deleteIfExists(levelsFile);
        }
        reads.readAll( // every location's orders in two reads; plan() finds them
                locations,
                units.stream()
                        .map(u -> OrderAwareSet.closedSince(u.first))
                        .min(java.util.Comparator.naturalOrder())
                        .get(),
                System.currentTimeMillis() + ShopifyClient.DEFAULT_BUDGET_MILLIS);
        Map<BulkUnit, Result> results = new LinkedHashMap<>();
        List<BulkPlan.Line> lines = new ArrayList<>();
        List<BulkUnit> lineUnits = new ArrayList<>();
        for (BulkUnit u : units) {
            Result r = new Result(u, new ArrayList<>(), new ArrayList<>());
            results.put(u, r);
            BulkPlan.Plan plan = BulkTargets.plan(reads, kits, ledger, u, levels.at(u.key.location()), levels.items());
            r.direct().addAll(plan.direct());
            plan.refused().forEach(x -> r.refused().add(new BatchApplier.Refused(x.change(), x.code(), x.message())));
            for (BulkPlan.Line line : plan.lines()) {
                if (resumed.contains(u.key.location())) { // never a second operation for this cut
                    line.changes().forEach(ch -> r.direct().add(u.changes.get(ch.inventoryItemId())));
                } else {
                    lines.add(line);
                    lineUnits.add(u);
                }
            }
            LOG.info(
                    "{}: {} lines to write in bulk, {} right already, {} for the direct path{}",
                    u.describe(),
                    plan.lines().size(),
                    plan.unchanged(),
                    plan.direct().size(),
                    resumed.contains(u.key.location()) ? " (resumed: its operation ran before the restart)" : "");
            progress(u, "PLANNED", null, plan.lines().size(), 0, 0);
            if (Reconciliations.is(hardSync)) {
                BulkProgress.drifted(
                        u.key, u.first.getShop(), io.atpsync.sink.bulk.Drifts.of(u.describe(), plan, LOG::info));
            }
        }
        if (!lines.isEmpty()) {
            write(hardSync, lines, lineUnits, results);
        }
        return List.copyOf(results.values());
    }

    /** Waits for an operation of these locations started before a restart; returns the locations it covered. */
    private Set<String> resume(String hardSync, List<BulkUnit> units)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, IOException, InterruptedException {
        Set<String> resumed = new HashSet<>();
        for (BulkMutation.Listed op : BulkMutation.named(client, BulkDocuments.name(hardSync))) {
            Set<String> its = BulkDocuments.locationsOf(op.document(), hardSync);
            boolean ours = false;
            for (BulkUnit u : units) {
                if (its.contains(Gid.number(u.key.location()))) {
                    resumed.add(u.key.location());
                    ours = true;
                }
            }
            if (ours && Set.of("CREATED", "RUNNING", "CANCELING").contains(op.status())) {
                LOG.info(
                        "hard sync {}: bulk mutation {} from before the restart is {}; waiting for it",
                        hardSync,
                        op.id(),
                        op.status());
                BulkMutation.Outcome o = BulkMutation.await(client, http, op.id(), poll, WAIT, s -> LOG.info("{}", s));
                if (o.results() != null) {
                    Files.deleteIfExists(o.results());
                }
            }
        }
        return resumed;
    }

    /** The bulk query of every level, waiting while Shopify runs as many as it allows. */
    private Path query(List<BulkUnit> units)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return BulkQuery.run(client, http, BulkPlan.LEVELS_QUERY, WAIT, s -> {
                    LOG.info("levels: {}", s);
                    if (s.contains(": COMPLETED")) { // what follows is ATP Sync's: download and read the file
                        units.forEach(u -> progress(u, "READING", null, -1, -1, -1));
                    }
                });
            } catch (IllegalStateException e) {
                boolean busy = e.getMessage().contains("LIMIT_REACHED")
                        || e.getMessage().contains("OPERATION_IN_PROGRESS");
                if (!busy || attempt >= 360) {
                    throw e;
                }
                LOG.info("{}; trying again in 10 s", e.getMessage());
                Thread.sleep(10_000);
            }
        }
    }

    /** Writes the lines as one bulk mutation and sorts its results into applied, direct and refused. */
    private void write(String hardSync, List<BulkPlan.Line> lines, List<BulkUnit> lineUnits, Map<BulkUnit, Result> out)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, IOException, InterruptedException {
        Path file = Files.createTempFile("atp-sync-hard-sync-", ".jsonl");
        Set<String> locations = new TreeSet<>();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines.size(); i++) {
                BulkUnit u = lineUnits.get(i);
                locations.add(u.key.location());
                w.write(ShopifyHttp.JSON.writeValueAsString(BulkDocuments.variables(hardSync, u.first, lines.get(i))));
                w.write('\n');
            }
        }
        lineUnits.stream().distinct().forEach(u -> progress(u, "UPLOADING", null, -1, -1, -1));
        String path = BulkMutation.stage(client, http, file);
        Files.deleteIfExists(file);
        String id = start(BulkDocuments.document(hardSync, locations), path);
        LOG.info(
                "hard sync {}: bulk mutation {} started, {} lines at {} location(s)",
                hardSync,
                id,
                lines.size(),
                locations.size());
        // Each location's lines are one run of the file: [first, end). Its lines done while it runs are the
        // operation's count inside that run (Shopify counts lines in file order); at the end, its lines seen.
        Map<BulkUnit, int[]> runs = new LinkedHashMap<>();
        for (int i = 0; i < lineUnits.size(); i++) {
            int line = i;
            runs.computeIfAbsent(lineUnits.get(i), u -> new int[] {line, line})[1] = i + 1;
        }
        runs.keySet().forEach(u -> progress(u, "WRITING", id, -1, -1, -1));
        BulkMutation.Outcome o = BulkMutation.await(client, http, id, poll, WAIT, s -> {
            LOG.info("hard sync {}: {}", hardSync, s);
            long done = BulkProgress.linesDone(s);
            runs.forEach((u, r) -> progress(u, "WRITING", id, -1, BulkProgress.within(done, r), -1));
        });
        boolean[] seen = new boolean[lines.size()];
        Map<BulkUnit, int[]> seenStale = new java.util.HashMap<>();
        if (o.results() != null) {
            BulkMutation.eachLine(o.results(), line -> {
                if (line.number() < 0 || line.number() >= lines.size()) {
                    return;
                }
                seen[line.number()] = true;
                BulkUnit u = lineUnits.get(line.number());
                int[] c = seenStale.computeIfAbsent(u, k -> new int[2]);
                c[0]++;
                c[1] += BulkResults.sort(
                        lines.get(line.number()), line.data().path("inventoryAdjustQuantities"), u, out.get(u));
            });
            Files.deleteIfExists(o.results());
        }
        for (int i = 0; i < lines.size(); i++) {
            if (!seen[i]) { // the operation failed or was cancelled before this line: write it directly
                BulkUnit u = lineUnits.get(i);
                lines.get(i).changes().forEach(ch -> out.get(u).direct().add(u.changes.get(ch.inventoryItemId())));
            }
        }
        LOG.info(
                "hard sync {}: bulk mutation {} ended {} after {} of {} lines ({} stale, redone directly)",
                hardSync,
                id,
                o.status(),
                o.objectCount(),
                lines.size(),
                seenStale.values().stream().mapToInt(c -> c[1]).sum());
        runs.keySet().forEach(u -> {
            int[] c = seenStale.getOrDefault(u, new int[2]);
            progress(u, "WRITTEN " + o.status(), id, -1, c[0], c[1]);
        });
    }

    private String start(String document, String path)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return BulkMutation.start(client, document, path, null);
            } catch (BulkMutation.Refused e) {
                if (!e.code().equals("LIMIT_REACHED") || attempt >= 360) {
                    throw new ShopifyClient.Fatal(e.getMessage());
                }
                LOG.info("{}; trying again in 10 s", e.getMessage());
                Thread.sleep(10_000);
            }
        }
    }

    private static void progress(BulkUnit u, String phase, String op, int lines, long done, int stale) {
        BulkProgress.State was = BulkProgress.get(u.key);
        BulkProgress.put(
                u.key,
                new BulkProgress.State(
                        phase,
                        op != null ? op : was == null ? null : was.operationId(),
                        u.changes.size(),
                        lines >= 0 ? lines : was == null ? 0 : was.lines(),
                        done >= 0 ? done : was == null ? 0 : was.linesDone(),
                        stale >= 0 ? stale : was == null ? 0 : was.staleLines(),
                        was == null ? 0 : was.direct(),
                        was == null ? 0 : was.deadLettered(),
                        was == null ? 0 : was.drifted(),
                        was == null ? null : was.drifts(),
                        java.time.Instant.now().toString()));
    }
}
