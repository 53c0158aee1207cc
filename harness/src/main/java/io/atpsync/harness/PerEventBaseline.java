package io.atpsync.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.cli.OneTransaction;
import io.atpsync.emulator.EmulatorAdmin;
import io.atpsync.local.LocalStackConfig;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.Facility;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * B2: ATP Sync's batched variances against a generic per-event HTTP sink (one mutation per event, THROTTLED retried
 * after a second) on the same slice of events and the same shop.
 */
final class PerEventBaseline {

    private static final String BASELINE = "baseline.myshopify.com";

    private PerEventBaseline() {}

    /** B2 on the running stack: ATP Sync and the per-event baseline on the same slice. */
    static Map<String, Object> b2(LocalStackConfig config, boolean quick, PrintWriter log) throws Exception {
        int events = quick ? 2_000 : 20_000;
        int skus = 200;
        String emulator = config.emulator().url();
        EmulatorAdmin.Shop shop = new EmulatorAdmin(emulator, BenchCommand.REQUEST_TIMEOUT).shop(BenchCommand.SHOP);
        JsonNode catalog = shop.get("/catalog");
        String location = catalog.path("locations").path("Online warehouse").asText();
        List<String> skuList = new ArrayList<>();
        catalog.path("items").fieldNames().forEachRemaining(s -> {
            if (s.startsWith("DEMO-") && skuList.size() < skus) {
                skuList.add(s);
            }
        });
        Map<String, Object> client = Map.of(
                "bootstrap.servers",
                config.broker().bootstrapServers(),
                RegistryClientConfig.URL,
                config.registry().url());
        Topics t = Topics.DEFAULT;
        List<InventoryEvent> workload = workload(events, skuList);
        Map<String, Long> expected = new HashMap<>();
        for (InventoryEvent e : workload) {
            expected.merge(e.getSku(), e.getAtpDiff(), Long::sum);
        }

        // ATP Sync
        OneTransaction.publish(client, s -> {
            s.send(t.facilities(), new Facility("bench-wh", "Bench warehouse", "WAREHOUSE", true));
            s.send(
                    t.locationMappings(),
                    new LocationMapping(location, BenchCommand.SHOP, List.of("bench-wh"), null, null));
            catalog.path("items")
                    .fields()
                    .forEachRemaining(e -> s.send(
                            t.catalog(),
                            new CatalogItem(
                                    BenchCommand.SHOP, e.getKey(), e.getValue().asText(), null, null)));
            return 0;
        });
        Thread.sleep(3_000); // config reaches every task before the events
        JsonNode before = shop.get("").path("stats");
        long t0 = System.nanoTime();
        OneTransaction.publish(client, s -> {
            workload.forEach(e -> s.send(t.inventoryEvents(), e));
            return workload.size();
        });
        log.printf("B2: %d events published; waiting for Shopify to match ...%n", events);
        log.flush();
        BenchCommand.awaitLevels("B2", shop, location, expected, Duration.ofMinutes(10));
        double atpSeconds = (System.nanoTime() - t0) / 1e9;
        JsonNode after = shop.get("").path("stats");

        // Per-event baseline, on its own shop with the same items
        Map<String, Object> baseline = baseline(emulator, workload, skuList, log);

        Map<String, Object> atp = new LinkedHashMap<>();
        atp.put(
                "apiCalls",
                after.path("requests").asLong() - before.path("requests").asLong());
        atp.put(
                "costPoints",
                after.path("costActual").asLong() - before.path("costActual").asLong());
        atp.put(
                "changesSent",
                after.path("changesApplied").asLong()
                        - before.path("changesApplied").asLong());
        atp.put(
                "throttled",
                after.path("throttled").asLong() - before.path("throttled").asLong());
        atp.put("secondsToDrain", Math.round(atpSeconds * 10) / 10.0);
        Map<String, Object> b2 = new LinkedHashMap<>();
        b2.put("events", workload.size());
        b2.put("skus", skus);
        b2.put("plan", "STANDARD (100 points/s, bucket 2,000)");
        b2.put("atpSync", atp);
        b2.put("perEventBaseline", baseline);
        b2.put("callRatio", BenchCommand.ratio(baseline.get("apiCalls"), atp.get("apiCalls")));
        b2.put("costRatio", BenchCommand.ratio(baseline.get("costPoints"), atp.get("costPoints")));
        b2.put("drainTimeRatio", BenchCommand.ratio(baseline.get("secondsToDrain"), atp.get("secondsToDrain")));
        return b2;
    }

    private static List<InventoryEvent> workload(int n, List<String> skus) {
        Random random = new Random(20261122L);
        List<InventoryEvent> events = new ArrayList<>(n);
        long seq = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String sku = skus.get(random.nextInt(skus.size()));
            int r = random.nextInt(10);
            EventType type = r < 6 ? EventType.POS_SALE : r < 9 ? EventType.RECEIPT : EventType.DAMAGED;
            long qty = type == EventType.RECEIPT ? 2 + random.nextInt(5) : -1;
            events.add(InventoryEvent.newBuilder()
                    .setEventId("bench-" + seq + "-" + i)
                    .setSource("BENCH")
                    .setType(type)
                    .setSku(sku)
                    .setFacilityId("bench-wh")
                    .setQohDiff(qty)
                    .setAtpDiff(qty)
                    .setOccurredAt(Instant.now())
                    .build());
        }
        // open with enough stock that no SKU goes below zero (variances then equal the events' sum)
        for (String sku : skus) {
            events.add(
                    0,
                    InventoryEvent.newBuilder()
                            .setEventId("bench-" + seq + "-open-" + sku)
                            .setSource("BENCH")
                            .setType(EventType.RECEIPT)
                            .setSku(sku)
                            .setFacilityId("bench-wh")
                            .setQohDiff(1_000)
                            .setAtpDiff(1_000)
                            .setOccurredAt(Instant.now())
                            .build());
        }
        return events;
    }
    /** One mutation per event, retrying THROTTLED after a second, as a generic HTTP sink would. */
    private static Map<String, Object> baseline(
            String emulator, List<InventoryEvent> workload, List<String> skus, PrintWriter log) throws Exception {
        EmulatorAdmin admin = new EmulatorAdmin(emulator, BenchCommand.REQUEST_TIMEOUT);
        admin.post(
                "/shops",
                Map.of(
                        "domain",
                        BASELINE,
                        "plan",
                        "STANDARD",
                        "tokens",
                        List.of(Map.of(
                                "token",
                                "shpat_baseline",
                                "scopes",
                                List.of(
                                        "read_inventory",
                                        "write_inventory",
                                        "read_merchant_managed_fulfillment_orders")))));
        String location = admin.shop(BASELINE)
                .post("/locations", Map.of("name", "Online warehouse"))
                .path("id")
                .asText();
        JsonNode variants = admin.shop(BASELINE)
                .post("/products", Map.of("title", "Bench", "skus", skus, "stock", Map.of("Online warehouse", 0)));
        Map<String, String> items = new HashMap<>();
        variants.forEach(
                v -> items.put(v.path("sku").asText(), v.path("inventoryItemId").asText()));
        String doc = "mutation($input: InventoryAdjustQuantitiesInput!, $key: "
                + "String!) { inventoryAdjustQuantities(input: $input) "
                + "@idempotent(key: $key) { userErrors { code } } }";
        HttpClient http = HttpClient.newHttpClient();
        long t0 = System.nanoTime();
        long calls = 0;
        long throttled = 0;
        log.printf("B2 baseline: %d single-change mutations ...%n", workload.size());
        log.flush();
        for (InventoryEvent e : workload) {
            Map<String, Object> change = new HashMap<>();
            change.put("inventoryItemId", items.get(e.getSku()));
            change.put("locationId", location);
            change.put("delta", e.getAtpDiff());
            change.put("changeFromQuantity", null);
            String body = BenchCommand.JSON.writeValueAsString(Map.of(
                    "query",
                    doc,
                    "variables",
                    Map.of(
                            "key",
                            e.getEventId(),
                            "input",
                            Map.of("name", "available", "reason", "correction", "changes", List.of(change)))));
            while (true) {
                calls++;
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(emulator + "/admin/api/2026-10/graphql.json"))
                                .header("X-Shopify-Access-Token", "shpat_baseline")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (!r.body().contains("THROTTLED")) {
                    break;
                }
                throttled++;
                Thread.sleep(1_000);
            }
        }
        JsonNode stats = admin.shop(BASELINE).get("").path("stats");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("apiCalls", calls);
        result.put("costPoints", stats.path("costActual").asLong());
        result.put("changesSent", stats.path("changesApplied").asLong());
        result.put("throttled", throttled);
        result.put("secondsToDrain", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        return result;
    }
}
