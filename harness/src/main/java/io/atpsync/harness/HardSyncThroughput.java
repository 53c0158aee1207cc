package io.atpsync.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.cli.DemoFeed;
import io.atpsync.cli.OneTransaction;
import io.atpsync.emulator.EmulatorAdmin;
import io.atpsync.local.LocalStackConfig;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.Facility;
import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.Topics;
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
 * B3, rate-limit efficiency: a hard sync of {@code skus × locations} (item, location) pairs into the emulator on the
 * Standard plan (100 points/s, bucket 2,000, emptied at the start), against the theoretical maximum of the emulator's
 * cost model for the calls the sink made (reads for compare-and-swap included): cost / 100 points per second.
 */
final class HardSyncThroughput {

    private static final String SHOP = DemoFeed.SHOP;

    private HardSyncThroughput() {}

    /**
     * One B3 run: its SKU prefix (runs in one stack must not share SKUs), its size, and the sink's bulk threshold (0:
     * the direct path; 1: every location in bulk).
     */
    record Spec(String prefix, int skus, int locations, int threshold) {
        String path() {
            return threshold == 0 ? "direct" : "bulk";
        }
    }

    /** A run's figures, and what it set up: the items per SKU and the locations (B8 reconciles them next). */
    record Outcome(Map<String, Object> figures, Map<String, String> items, List<String> locations) {}

    static Map<String, Object> run(LocalStackConfig config, Spec spec, PrintWriter log) throws Exception {
        return outcome(config, spec, log).figures();
    }

    static Outcome outcome(LocalStackConfig config, Spec spec, PrintWriter log) throws Exception {
        int skus = spec.skus();
        int locations = spec.locations();
        String p = spec.prefix();
        EmulatorAdmin.Shop emulator =
                new EmulatorAdmin(config.emulator().url(), BenchCommand.REQUEST_TIMEOUT).shop(SHOP);
        List<String> locationIds = new ArrayList<>();
        Map<String, Integer> stock = new LinkedHashMap<>();
        for (int l = 0; l < locations; l++) {
            locationIds.add(emulator.post("/locations", Map.of("name", p + " location " + l))
                    .path("id")
                    .asText());
            stock.put(p + " location " + l, 0);
        }
        Map<String, String> items = products(emulator, p, skus, stock);
        Map<String, Object> client = Map.of(
                "bootstrap.servers",
                config.broker().bootstrapServers(),
                RegistryClientConfig.URL,
                config.registry().url());
        Topics t = Topics.DEFAULT;
        OneTransaction.publish(client, s -> {
            for (int l = 0; l < locations; l++) {
                s.send(t.facilities(), new Facility(p + "F" + l, p + " facility " + l, "STORE", true));
                s.send(
                        t.locationMappings(),
                        new LocationMapping(locationIds.get(l), SHOP, List.of(p + "F" + l), null, null));
            }
            items.forEach((sku, item) -> s.send(t.catalog(), new CatalogItem(SHOP, sku, item, null, null)));
            return 0;
        });
        Thread.sleep(3_000);
        long pairs = (long) skus * locations;
        OneTransaction.publish(client, s -> {
            int n = 0;
            for (String sku : items.keySet()) {
                for (int l = 0; l < locations; l++) {
                    long q = 1 + (n++ * 7L + l) % 20;
                    s.send(
                            t.inventoryEvents(),
                            InventoryEvent.newBuilder()
                                    .setEventId(p + "-" + sku + "-" + l)
                                    .setSource("BENCH")
                                    .setType(EventType.RECEIPT)
                                    .setSku(sku)
                                    .setFacilityId(p + "F" + l)
                                    .setQohDiff(q)
                                    .setAtpDiff(q)
                                    .setOccurredAt(Instant.now())
                                    .build());
                }
            }
            return n;
        });
        log.printf(
                "B3: %d SKUs × %d locations seeded; waiting for the variance pushes to settle ...%n", skus, locations);
        log.flush();
        settle(emulator, Duration.ofMinutes(30));
        // Someone zeroes Shopify behind our back: the hard sync must write every pair (equal levels would be skipped).
        List<Map<String, Object>> zero = new ArrayList<>();
        for (String item : items.values()) {
            for (String location : locationIds) {
                zero.add(Map.of("inventoryItemId", item, "locationId", location, "available", 0));
            }
        }
        for (int from = 0; from < zero.size(); from += 10_000) {
            emulator.put("/levels", Map.of("levels", zero.subList(from, Math.min(zero.size(), from + 10_000))));
        }

        threshold(config, spec.threshold(), log);
        emulator.put("/bucket", Map.of("currentlyAvailable", 0));
        JsonNode before = emulator.get("").path("stats");
        long t0 = System.nanoTime();
        String requestId = "b3-" + UUID.randomUUID();
        request(client, new HardSyncRequest(requestId, SHOP, locationIds, List.of(), Instant.now(), "bench B3"));
        long deadline = System.nanoTime()
                + Duration.ofMinutes(spec.threshold() == 0 ? 60 : 180).toNanos();
        JsonNode after = before;
        BulkPhases phases = new BulkPhases(config, requestId);
        while (after.path("changesApplied").asLong()
                                - before.path("changesApplied").asLong()
                        < pairs
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
            after = emulator.get("").path("stats");
            phases.poll(log);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long cost =
                after.path("costActual").asLong() - before.path("costActual").asLong();
        long changes = after.path("changesApplied").asLong()
                - before.path("changesApplied").asLong();
        double theoreticalSeconds = cost / 100.0;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("path", spec.path());
        r.put("pairs", pairs);
        r.put("changesApplied", changes);
        r.put("seconds", Math.round(seconds * 10) / 10.0);
        r.put("changesPerSecond", Math.round(changes / seconds));
        r.put(
                "apiCalls",
                after.path("requests").asLong() - before.path("requests").asLong());
        r.put("costPoints", cost);
        r.put("pointsByOperation", pointsBy(before, after));
        r.put("theoreticalChangesPerSecond", Math.round(changes / theoreticalSeconds));
        r.put("ratio", Math.round(theoreticalSeconds / seconds * 100) / 100.0);
        r.put(
                "throttled",
                after.path("throttled").asLong() - before.path("throttled").asLong());
        r.put("pointsPerPair", Math.round(cost * 1000.0 / Math.max(1, pairs)) / 1000.0);
        if (spec.threshold() != 0) {
            r.putAll(phases.figures());
            r.put(
                    "emulatorBulkLinesPerSecond",
                    emulator.get("/bulk").path("linesPerSecond").asDouble());
        }
        r.put("connectPeakRssMb", peakRssMb(config));
        r.put(
                "note",
                spec.threshold() == 0
                        ? "direct path; Standard plan, bucket emptied at the request; theoretical = the points the "
                                + "sink spent (writes and the compare-and-swap reads) at 100 points/s; time includes "
                                + "the Streams app cutting the hard sync over"
                        : "bulk path at the emulator's bulk rate; Standard plan, bucket emptied at the request; "
                                + "atpSyncSeconds = ATP Sync's own work (read the levels file, read the orders, plan, "
                                + "write and upload the file), shopifySeconds = the bulk query and the bulk mutation "
                                + "running in Shopify");
        log.printf("B3: %s%n", r);
        log.flush();
        return new Outcome(r, items, locationIds);
    }

    /**
     * {@code skus} products {@code prefix-00000}… in the emulator, 100 a call, stocked as {@code stock} says (location
     * name → available; empty: nowhere); SKU → inventory item.
     */
    static Map<String, String> products(EmulatorAdmin.Shop emulator, String prefix, int skus, Map<String, ?> stock)
            throws Exception {
        Map<String, String> items = new LinkedHashMap<>();
        for (int from = 0; from < skus; from += 100) {
            List<String> batch = new ArrayList<>();
            for (int s = from; s < Math.min(skus, from + 100); s++) {
                batch.add(String.format("%s-%05d", prefix, s));
            }
            for (JsonNode v : emulator.post(
                    "/products", Map.of("title", prefix + " product " + from, "skus", batch, "stock", stock))) {
                items.put(v.path("sku").asText(), v.path("inventoryItemId").asText());
            }
        }
        return items;
    }

    /** Writes a hard-sync request to every partition of the control topic, as {@code atp-sync hard-sync} does. */
    static void request(Map<String, Object> client, HardSyncRequest r) throws Exception {
        Topics t = Topics.DEFAULT;
        OneTransaction.publish(client, s -> {
            int partitions = s.partitions(t.control());
            for (int part = 0; part < partitions; part++) {
                s.send(t.control(), part, r);
            }
            return partitions;
        });
    }

    /** What B3 seeded for the {@code n}-th SKU at its {@code l}-th location (its RECEIPT's quantity). */
    static long seeded(int n, int locations, int l) {
        return 1 + ((long) (n * locations + l) * 7L + l) % 20;
    }

    /** Sets the sink's bulk threshold (the connector restarts its task) and waits for the task to run again. */
    static void threshold(LocalStackConfig config, int threshold, PrintWriter log) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode c = (com.fasterxml.jackson.databind.node.ObjectNode)
                BenchCommand.JSON.readTree(config.connect().get("/connectors/shopify-sink/config"));
        c.put("shopify.hardsync.bulk.threshold", Integer.toString(threshold));
        config.connect().put("/connectors/shopify-sink/config", BenchCommand.JSON.writeValueAsString(c));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Thread.sleep(3_000);
        while (System.nanoTime() < deadline
                && !config.connect().get("/connectors/shopify-sink/status").contains("\"RUNNING\"")) {
            Thread.sleep(500);
        }
        log.printf("B3: sink bulk threshold %d (%s)%n", threshold, threshold == 0 ? "direct path" : "bulk path");
        log.flush();
    }

    /** The Connect worker's peak resident memory (VmHWM), in MB; -1 where /proc does not tell. */
    static long peakRssMb(LocalStackConfig config) {
        try {
            long pid = config.connect().process().running().orElseThrow().pid();
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    /** Waits until Shopify has stopped changing for 10 s (the set-up's own variance batches are applied). */
    private static void settle(EmulatorAdmin.Shop emulator, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = emulator.get("").path("stats").path("changesApplied").asLong();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > Duration.ofSeconds(10).toNanos() && now > 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("B3 set-up did not settle within " + timeout.toMinutes() + " min");
    }

    /** Points spent between two emulator stats views, per operation's top-level fields (largest first). */
    static Map<String, Long> pointsBy(JsonNode before, JsonNode after) {
        Map<String, Long> out = new java.util.HashMap<>();
        after.path("costByRootFields").fields().forEachRemaining(e -> {
            long spent = e.getValue().path("points").asLong()
                    - before.path("costByRootFields")
                            .path(e.getKey())
                            .path("points")
                            .asLong();
            if (spent > 0) {
                out.put(e.getKey(), spent);
            }
        });
        Map<String, Long> sorted = new LinkedHashMap<>();
        out.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
