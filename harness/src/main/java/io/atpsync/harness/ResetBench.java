package io.atpsync.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.cli.AtpSync;
import io.atpsync.cli.DemoFeed;
import io.atpsync.cli.OneTransaction;
import io.atpsync.emulator.EmulatorAdmin;
import io.atpsync.local.LocalStackConfig;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.EventHeaders;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.Facility;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;

/**
 * B7: the morning reset file of the reference retailer (2 warehouses, 48 stores stocking about half the catalogue, one
 * aggregate online location over all 50 facilities and 48 store locations 1:1), one row per (facility, SKU), from the
 * drop to every Shopify level equal to its target. Yesterday's stock is in ATP Sync and in Shopify already; the counts
 * differ from it on about 1 row in 10 (shrinkage, receipts not booked). While the file is imported, POS sales keep
 * coming, some late (dated before the counts: the count supersedes them) and some after.
 */
final class ResetBench {

    private static final String SHOP = DemoFeed.SHOP;
    private static final int STORES = 48;

    private ResetBench() {}

    static Map<String, Object> run(LocalStackConfig config, int skus, Path dir, PrintWriter log) throws Exception {
        String p = "B7";
        EmulatorAdmin.Shop emulator =
                new EmulatorAdmin(config.emulator().url(), BenchCommand.REQUEST_TIMEOUT).shop(SHOP);
        List<String> facilities = new ArrayList<>(List.of(p + "-W1", p + "-W2"));
        for (int s = 1; s <= STORES; s++) {
            facilities.add(p + "-S" + s);
        }
        String online = emulator.post("/locations", Map.of("name", p + " online"))
                .path("id")
                .asText();
        Map<String, String> storeLocation = new LinkedHashMap<>();
        for (int s = 1; s <= STORES; s++) {
            storeLocation.put(
                    p + "-S" + s,
                    emulator.post("/locations", Map.of("name", p + " store " + s))
                            .path("id")
                            .asText());
        }
        Map<String, String> items = HardSyncThroughput.products(emulator, p, skus, Map.of());
        // Yesterday: the stock both sides agree on.
        Map<String, Map<String, Long>> opening = new LinkedHashMap<>();
        List<Map<String, Object>> levels = new ArrayList<>();
        int n = 0;
        for (String sku : items.keySet()) {
            Map<String, Long> at = new LinkedHashMap<>();
            long total = 0;
            for (String f : facilities) {
                if (stocks(f, n)) {
                    long q = f.contains("-W") ? 20 + (n * 7L + f.hashCode()) % 60 : (n * 3L + f.hashCode()) % 10;
                    q = Math.abs(q);
                    at.put(f, q);
                    total += q;
                    if (storeLocation.containsKey(f)) {
                        levels.add(level(items.get(sku), storeLocation.get(f), q));
                    }
                }
            }
            levels.add(level(items.get(sku), online, total));
            opening.put(sku, at);
            n++;
        }
        for (int from = 0; from < levels.size(); from += 10_000) {
            emulator.put("/levels", Map.of("levels", levels.subList(from, Math.min(levels.size(), from + 10_000))));
        }
        Map<String, Object> client = Map.of(
                "bootstrap.servers",
                config.broker().bootstrapServers(),
                RegistryClientConfig.URL,
                config.registry().url());
        Topics t = Topics.DEFAULT;
        OneTransaction.publish(client, s -> {
            for (String f : facilities) {
                s.send(t.facilities(), new Facility(f, f, f.contains("-W") ? "WAREHOUSE" : "STORE", true));
            }
            s.send(t.locationMappings(), new LocationMapping(online, SHOP, facilities, null, null));
            storeLocation.forEach(
                    (f, l) -> s.send(t.locationMappings(), new LocationMapping(l, SHOP, List.of(f), null, null)));
            items.forEach((sku, item) -> s.send(t.catalog(), new CatalogItem(SHOP, sku, item, null, null)));
            return 0;
        });
        Thread.sleep(3_000);
        Instant yesterday = Instant.now().minus(Duration.ofHours(12));
        byte[] quiet = "b7-opening (Shopify has it already)".getBytes(StandardCharsets.UTF_8);
        OneTransaction.publish(client, s -> {
            opening.forEach((sku, at) -> at.forEach((f, q) -> s.send(
                    t.inventoryEvents(),
                    event(p + "-open-" + sku + "-" + f, EventType.RESET, sku, f, yesterday)
                            .setSetQoh(q)
                            .build(),
                    EventHeaders.SETTLED_BY,
                    quiet)));
            return 0;
        });
        try (Admin admin =
                Admin.create(Map.of("bootstrap.servers", config.broker().bootstrapServers()))) {
            ConsumerGroups.awaitConsumed(admin, "atp-sync", t.inventoryEvents().name(), 1, Duration.ofMinutes(30));
        }
        log.printf(
                "B7: %,d SKUs of the reference retailer opened in ATP Sync and Shopify; writing the reset file%n",
                skus);
        log.flush();

        // This morning's counts, one row per (facility, SKU), and what Shopify must show after them.
        Instant asOf = Instant.now().minusSeconds(60);
        Random random = new Random(7);
        Path file = dir.resolve("reset-b7.csv");
        Files.createDirectories(dir);
        Map<String, Long> expected = new HashMap<>();
        Map<String, Long> counted = new HashMap<>();
        long rows = 0;
        long changedRows = 0;
        try (var w = Files.newBufferedWriter(file)) {
            w.write("facilityId,sku,quantity\n");
            for (var e : opening.entrySet()) {
                for (String f : facilities) {
                    long q = e.getValue().getOrDefault(f, 0L);
                    if (e.getValue().containsKey(f) && random.nextInt(10) == 0) {
                        q = Math.max(0, q + random.nextInt(9) - 4);
                        changedRows++;
                    }
                    counted.put(e.getKey() + "|" + f, q);
                    w.write(f + "," + e.getKey() + "," + q + "\n");
                    rows++;
                }
            }
        }
        // POS sales at stores while the file is imported: half dated before the counts (superseded), half after.
        List<InventoryEvent> sales = new ArrayList<>();
        List<String> skuList = new ArrayList<>(opening.keySet());
        for (int i = 0; i < 1_000; i++) {
            String sku = skuList.get(random.nextInt(skuList.size()));
            String f = p + "-S" + (1 + random.nextInt(STORES));
            if (!opening.get(sku).containsKey(f)) {
                continue;
            }
            boolean late = i % 2 == 0;
            sales.add(event(p + "-sale-" + i, EventType.POS_SALE, sku, f, asOf.plusSeconds(late ? -600 : 1 + i % 50))
                    .setQohDiff(-1)
                    .setAtpDiff(-1)
                    .build());
            if (!late) {
                counted.merge(sku + "|" + f, -1L, Long::sum);
            }
        }
        for (String sku : skuList) {
            long total = 0;
            for (String f : facilities) {
                total += Math.max(0, counted.get(sku + "|" + f));
                if (storeLocation.containsKey(f) && opening.get(sku).containsKey(f)) {
                    expected.put(items.get(sku) + "|" + storeLocation.get(f), Math.max(0, counted.get(sku + "|" + f)));
                }
            }
            expected.put(items.get(sku) + "|" + online, total);
        }

        JsonNode before = emulator.get("").path("stats");
        long t0 = System.nanoTime();
        Thread feed = new Thread(() -> {
            try {
                OneTransaction.publish(client, s -> {
                    sales.forEach(e -> s.send(t.inventoryEvents(), e));
                    return sales.size();
                });
            } catch (Exception e) {
                log.println("B7: the POS feed failed: " + e);
            }
        });
        feed.start();
        StringWriter importLog = new StringWriter();
        PrintWriter importErr = new PrintWriter(importLog, true);
        int exit = AtpSync.commandLine()
                .setErr(importErr)
                .setOut(importErr)
                .execute(("import inventory " + file + " --mode reset --as-of " + asOf + " --bootstrap-servers "
                                + config.broker().bootstrapServers() + " --registry-url "
                                + config.registry().url()
                                + " --streams-url " + config.streams().url())
                        .split(" "));
        double importSeconds = (System.nanoTime() - t0) / 1e9;
        feed.join();
        long wrong = Long.MAX_VALUE;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (wrong > 0 && System.nanoTime() < deadline) {
            wrong = mismatches(emulator, expected, wrong == Long.MAX_VALUE ? log : null);
            if (wrong > 0) {
                Thread.sleep(2_000);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonNode after = emulator.get("").path("stats");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rows", rows);
        r.put("rowsChanged", changedRows);
        r.put("skus", skus);
        r.put("pairs", expected.size());
        r.put("posSalesDuringImport", sales.size());
        r.put("importExitCode", exit);
        r.put("importSeconds", Math.round(importSeconds * 10) / 10.0);
        r.put("seconds", Math.round(seconds * 10) / 10.0);
        r.put("levelsWrong", wrong);
        r.put(
                "changesApplied",
                after.path("changesApplied").asLong()
                        - before.path("changesApplied").asLong());
        r.put(
                "costPoints",
                after.path("costActual").asLong() - before.path("costActual").asLong());
        r.put("pointsByOperation", HardSyncThroughput.pointsBy(before, after));
        r.put(
                "emulatorBulkLinesPerSecond",
                emulator.get("/bulk").path("linesPerSecond").asDouble());
        r.put(
                "stages",
                importLog.toString().lines().filter(l -> l.startsWith("[")).toList());
        r.put(
                "note",
                "from the import's start (the file dropped) to every level equal to its target, POS sales"
                        + " after the counts included; the import validates, publishes, waits for Streams, requests"
                        + " one hard sync and follows its bulk operations");
        return r;
    }

    private static boolean stocks(String facility, int sku) {
        return facility.contains("-W") || ((sku * 2_654_435_761L + facility.hashCode() * 40_503L) >>> 7) % 2 == 0;
    }

    private static Map<String, Object> level(String item, String location, long available) {
        return Map.of("inventoryItemId", item, "locationId", location, "available", available);
    }

    private static InventoryEvent.Builder event(String id, EventType type, String sku, String f, Instant at) {
        return InventoryEvent.newBuilder()
                .setEventId(id)
                .setSource("BENCH")
                .setType(type)
                .setSku(sku)
                .setFacilityId(f)
                .setQohDiff(0)
                .setAtpDiff(0)
                .setOccurredAt(at);
    }

    /** Levels of {@code expected} that Shopify does not show; the first few named in {@code log}. */
    private static long mismatches(EmulatorAdmin.Shop emulator, Map<String, Long> expected, PrintWriter log)
            throws Exception {
        long wrong = 0;
        Map<String, Long> seen = new HashMap<>();
        for (JsonNode l : emulator.get("/levels")) {
            seen.put(
                    l.path("inventoryItemId").asText() + "|"
                            + l.path("locationId").asText(),
                    l.path("available").asLong());
        }
        for (var e : expected.entrySet()) {
            Long actual = seen.get(e.getKey());
            if (actual == null || actual.longValue() != e.getValue()) {
                if (log != null && wrong < 5) {
                    log.printf("B7: %s is %s in Shopify, target %d%n", e.getKey(), actual, e.getValue());
                }
                wrong++;
            }
        }
        return wrong;
    }
}
