package io.atpsync.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.cli.DemoFeed;
import io.atpsync.emulator.EmulatorAdmin;
import io.atpsync.local.LocalStackConfig;
import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.schemas.registry.RegistryClientConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * B8, reconciliation: after B3's bulk hard sync has set every pair, someone changes {@code drifts} of them in Shopify
 * behind ATP Sync's back (3 units more each, spread evenly over the catalogue and the locations); a reconciliation of
 * the same locations must find and fix exactly those, and the time from its request to the last one fixed is measured,
 * with the API points it spent.
 */
final class ReconcileBench {

    private ReconcileBench() {}

    static Map<String, Object> run(LocalStackConfig config, HardSyncThroughput.Outcome b3, int drifts, PrintWriter log)
            throws Exception {
        EmulatorAdmin.Shop emulator =
                new EmulatorAdmin(config.emulator().url(), BenchCommand.REQUEST_TIMEOUT).shop(DemoFeed.SHOP);
        List<String> skus = new ArrayList<>(b3.items().keySet());
        int locations = b3.locations().size();
        long pairs = (long) skus.size() * locations;
        List<Map<String, Object>> changed = new ArrayList<>();
        for (int k = 0; k < drifts; k++) {
            long pair = k * (pairs / drifts) + k % Math.max(1, pairs / drifts);
            int n = (int) (pair / locations);
            int l = (int) (pair % locations);
            changed.add(Map.of(
                    "inventoryItemId",
                    b3.items().get(skus.get(n)),
                    "locationId",
                    b3.locations().get(l),
                    "available",
                    HardSyncThroughput.seeded(n, locations, l) + 3));
        }
        emulator.put("/levels", Map.of("levels", changed));
        JsonNode before = emulator.get("").path("stats");
        String requestId = "reconcile-b8-" + UUID.randomUUID();
        Map<String, Object> client = Map.of(
                "bootstrap.servers",
                config.broker().bootstrapServers(),
                RegistryClientConfig.URL,
                config.registry().url());
        long t0 = System.nanoTime();
        HardSyncThroughput.request(
                client,
                new HardSyncRequest(requestId, DemoFeed.SHOP, b3.locations(), List.of(), Instant.now(), "bench B8"));
        log.printf("B8: %,d drifted keys among %,d; reconciliation %s requested%n", drifts, pairs, requestId);
        log.flush();
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        JsonNode last = null;
        BulkPhases phases = new BulkPhases(config, requestId);
        while (System.nanoTime() < deadline) {
            phases.poll(log);
            last = BenchCommand.JSON
                    .readTree(config.connect().get("/atp-sync/reconcile"))
                    .path("lastComplete");
            if (last.path("requestId").asText().equals(requestId)) {
                break;
            }
            Thread.sleep(500);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonNode after = emulator.get("").path("stats");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("pairs", pairs);
        r.put("injectedDrifts", drifts);
        r.put("driftedFound", last == null ? null : last.path("drifted").asLong());
        r.put(
                "changesApplied",
                after.path("changesApplied").asLong()
                        - before.path("changesApplied").asLong());
        r.put("seconds", Math.round(seconds * 10) / 10.0);
        r.put(
                "costPoints",
                after.path("costActual").asLong() - before.path("costActual").asLong());
        r.put("pointsByOperation", HardSyncThroughput.pointsBy(before, after));
        r.putAll(phases.figures());
        r.put(
                "note",
                "a reconciliation of B3's locations after " + drifts + " levels were raised by 3 in Shopify; "
                        + "seconds from the request to the run complete, at the emulator's bulk rate");
        log.printf("B8: %s%n", r);
        log.flush();
        return r;
    }
}
