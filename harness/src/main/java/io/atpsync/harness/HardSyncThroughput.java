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

    static Map<String, Object> run(LocalStackConfig config, int skus, int locations, PrintWriter log) throws Exception {
        EmulatorAdmin.Shop emulator =
                new EmulatorAdmin(config.emulator().url(), BenchCommand.REQUEST_TIMEOUT).shop(SHOP);
        List<String> locationIds = new ArrayList<>();
        Map<String, Integer> stock = new LinkedHashMap<>();
        for (int l = 0; l < locations; l++) {
            locationIds.add(emulator.post("/locations", Map.of("name", "B3 location " + l))
                    .path("id")
                    .asText());
            stock.put("B3 location " + l, 0);
        }
        Map<String, String> items = new LinkedHashMap<>();
        for (int from = 0; from < skus; from += 100) {
            List<String> batch = new ArrayList<>();
            for (int s = from; s < Math.min(skus, from + 100); s++) {
                batch.add(String.format("B3-%05d", s));
            }
            for (JsonNode v :
                    emulator.post("/products", Map.of("title", "B3 product " + from, "skus", batch, "stock", stock))) {
                items.put(v.path("sku").asText(), v.path("inventoryItemId").asText());
            }
        }
        Map<String, Object> client = Map.of(
                "bootstrap.servers",
                config.broker().bootstrapServers(),
                RegistryClientConfig.URL,
                config.registry().url());
        Topics t = Topics.DEFAULT;
        OneTransaction.publish(client, s -> {
            for (int l = 0; l < locations; l++) {
                s.send(t.facilities(), new Facility("B3F" + l, "B3 facility " + l, "STORE", true));
                s.send(t.locationMappings(), new LocationMapping(locationIds.get(l), SHOP, List.of("B3F" + l), null));
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
                                    .setEventId("b3-" + sku + "-" + l)
                                    .setSource("BENCH")
                                    .setType(EventType.RECEIPT)
                                    .setSku(sku)
                                    .setFacilityId("B3F" + l)
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

        emulator.put("/bucket", Map.of("currentlyAvailable", 0));
        JsonNode before = emulator.get("").path("stats");
        long t0 = System.nanoTime();
        String requestId = "b3-" + UUID.randomUUID();
        OneTransaction.publish(client, s -> {
            HardSyncRequest r = new HardSyncRequest(requestId, SHOP, locationIds, List.of(), Instant.now(), "bench B3");
            int partitions = s.partitions(t.control());
            for (int p = 0; p < partitions; p++) {
                s.send(t.control(), p, r);
            }
            return partitions;
        });
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        JsonNode after = before;
        while (after.path("changesApplied").asLong()
                                - before.path("changesApplied").asLong()
                        < pairs
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
            after = emulator.get("").path("stats");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long cost =
                after.path("costActual").asLong() - before.path("costActual").asLong();
        long changes = after.path("changesApplied").asLong()
                - before.path("changesApplied").asLong();
        double theoreticalSeconds = cost / 100.0;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("pairs", pairs);
        r.put("changesApplied", changes);
        r.put("seconds", Math.round(seconds * 10) / 10.0);
        r.put("changesPerSecond", Math.round(changes / seconds));
        r.put(
                "apiCalls",
                after.path("requests").asLong() - before.path("requests").asLong());
        r.put("costPoints", cost);
        r.put("theoreticalChangesPerSecond", Math.round(changes / theoreticalSeconds));
        r.put("ratio", Math.round(theoreticalSeconds / seconds * 100) / 100.0);
        r.put(
                "throttled",
                after.path("throttled").asLong() - before.path("throttled").asLong());
        r.put(
                "note",
                "Standard plan, bucket emptied at the request; theoretical = the points the sink spent (writes and the "
                        + "compare-and-swap reads) at 100 points/s; time "
                        + "includes the Streams app cutting the hard sync over");
        log.printf("B3: %s%n", r);
        log.flush();
        return r;
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
}
