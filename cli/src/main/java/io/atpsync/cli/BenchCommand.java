package io.atpsync.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.atpsync.local.LocalStack;
import io.atpsync.local.LocalStackConfig;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.Facility;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code atp-sync bench}: B2, Shopify API efficiency. The same seeded slice of events is pushed by
 * ATP Sync (the whole local stack) and by a per-event baseline (one inventoryAdjustQuantities per
 * event, as a generic HTTP sink does) into the emulator on the Standard plan; calls, cost points,
 * changes and time to drain are written to benchmarks/results.md and results.json.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure Shopify API efficiency (B2), Streams throughput (B1) and hard-sync rate-limit efficiency (B3); writes benchmarks/results.{md,json}.")
final class BenchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String SHOP = "demo.myshopify.com";
    private static final String BASELINE = "baseline.myshopify.com";

    @Mixin LocalStackOptions options;
    @Spec CommandSpec spec;

    @Option(names = "--quick", description = "2,000 events instead of 20,000.")
    boolean quick;

    @Option(names = "--only", description = "Run one benchmark: b1 or b3 (written to OUT/b1-only.json, b3-only.json). Default: all.")
    String only;

    @Option(names = "--streams-config", paramLabel = "KEY=VALUE",
            description = "A setting of the ATP Sync Streams app under test in B1 (repeatable), e.g. num.stream.threads=2.")
    Map<String, String> streamsConfig = new java.util.LinkedHashMap<>();

    @Option(names = "--out", defaultValue = "benchmarks", description = "Where results go. Default: ${DEFAULT-VALUE}")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        int events = quick ? 2_000 : 20_000;
        int skus = 200;
        // A fresh stack of its own: state left by a demo would skew what reaches Shopify.
        boolean own = options.home.equals(Launcher.home().resolve(".atp-sync/local"));
        if (own) {
            options.home = options.home.resolveSibling("bench");
        }
        if (own && Files.exists(options.home)) {
            try (var files = Files.walk(options.home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        LocalStackConfig config = options.config();
        LocalStack stack = new LocalStack(config);
        stack.up(line -> { log.println(line); log.flush(); });
        try {
            if ("b3".equals(only)) {
                Map<String, Object> b3 = HardSyncThroughput.run(config, quick ? 2_000 : 10_000, quick ? 5 : 10, log);
                Files.createDirectories(out);
                Files.writeString(out.resolve("b3-only.json"), JSON.writeValueAsString(b3));
                return 0;
            }
            if ("b1".equals(only)) {
                Map<String, Object> b1 = StreamsThroughput.run(config.broker().bootstrapServers(), config.registry().url(),
                        quick ? 100_000 : 1_000_000, options.home.resolve("b1-state"), streamsConfig, log);
                log.println(JSON.writeValueAsString(b1));
                Files.createDirectories(out);
                Files.writeString(out.resolve("b1-only.json"), JSON.writeValueAsString(b1));
                return 0;
            }
            String emulator = config.emulator().url();
            JsonNode catalog = get(emulator + "/emulator/shops/" + SHOP + "/catalog");
            String location = catalog.path("locations").path("Online warehouse").asText();
            List<String> skuList = new ArrayList<>();
            catalog.path("items").fieldNames().forEachRemaining(s -> {
                if (s.startsWith("DEMO-") && skuList.size() < skus) {
                    skuList.add(s);
                }
            });
            Map<String, Object> client = Map.of("bootstrap.servers", config.broker().bootstrapServers(),
                    RegistryClientConfig.URL, config.registry().url());
            Topics t = Topics.DEFAULT;
            List<InventoryEvent> workload = workload(events, skuList);
            Map<String, Long> expected = new HashMap<>();
            for (InventoryEvent e : workload) {
                expected.merge(e.getSku(), e.getAtpDiff(), Long::sum);
            }

            // ATP Sync
            OneTransaction.publish(client, s -> {
                s.send(t.facilities(), new Facility("bench-wh", "Bench warehouse", "WAREHOUSE", true));
                s.send(t.locationMappings(), new LocationMapping(location, SHOP, List.of("bench-wh"), null));
                catalog.path("items").fields().forEachRemaining(e -> s.send(t.catalog(), new CatalogItem(SHOP, e.getKey(), e.getValue().asText(), null, null)));
                return 0;
            });
            Thread.sleep(3_000); // config reaches every task before the events
            JsonNode before = get(emulator + "/emulator/shops/" + SHOP).path("stats");
            long t0 = System.nanoTime();
            OneTransaction.publish(client, s -> {
                workload.forEach(e -> s.send(t.inventoryEvents(), e));
                return workload.size();
            });
            log.printf("B2: %d events published; waiting for Shopify to match ...%n", events);
            log.flush();
            awaitLevels(emulator, SHOP, location, expected, Duration.ofMinutes(10));
            double atpSeconds = (System.nanoTime() - t0) / 1e9;
            JsonNode after = get(emulator + "/emulator/shops/" + SHOP).path("stats");

            // Per-event baseline, on its own shop with the same items
            Map<String, Object> baseline = baseline(emulator, workload, skuList, log);

            Map<String, Object> atp = new LinkedHashMap<>();
            atp.put("apiCalls", after.path("requests").asLong() - before.path("requests").asLong());
            atp.put("costPoints", after.path("costActual").asLong() - before.path("costActual").asLong());
            atp.put("changesSent", after.path("changesApplied").asLong() - before.path("changesApplied").asLong());
            atp.put("throttled", after.path("throttled").asLong() - before.path("throttled").asLong());
            atp.put("secondsToDrain", Math.round(atpSeconds * 10) / 10.0);
            log.printf("B1: streams throughput, %d events, ATP Sync topology vs pass-through ...%n", quick ? 100_000 : 1_000_000);
            log.flush();
            Map<String, Object> b1 = StreamsThroughput.run(config.broker().bootstrapServers(), config.registry().url(),
                    quick ? 100_000 : 1_000_000, options.home.resolve("b1-state"), streamsConfig, log);
            log.printf("B3: hard sync of %d pairs ...%n", quick ? 10_000 : 100_000);
            log.flush();
            Map<String, Object> b3 = HardSyncThroughput.run(config, quick ? 2_000 : 10_000, quick ? 5 : 10, log);
            write(events, skus, atp, baseline, b1, b3, log);
        } finally {
            stack.down(line -> { });
        }
        return 0;
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
            events.add(InventoryEvent.newBuilder().setEventId("bench-" + seq + "-" + i).setSource("BENCH").setType(type).setSku(sku)
                    .setFacilityId("bench-wh").setQohDiff(qty).setAtpDiff(qty).setOccurredAt(Instant.now()).build());
        }
        // open with enough stock that no SKU goes below zero (variances then equal the events' sum)
        for (String sku : skus) {
            events.add(0, InventoryEvent.newBuilder().setEventId("bench-" + seq + "-open-" + sku).setSource("BENCH").setType(EventType.RECEIPT)
                    .setSku(sku).setFacilityId("bench-wh").setQohDiff(1_000).setAtpDiff(1_000).setOccurredAt(Instant.now()).build());
        }
        return events;
    }

    /** One mutation per event, retrying THROTTLED after a second, as a generic HTTP sink would. */
    private Map<String, Object> baseline(String emulator, List<InventoryEvent> workload, List<String> skus, PrintWriter log) throws Exception {
        post(emulator + "/emulator/shops", Map.of("domain", BASELINE, "plan", "STANDARD",
                "tokens", List.of(Map.of("token", "shpat_baseline", "scopes", List.of("read_inventory", "write_inventory")))));
        String location = post(emulator + "/emulator/shops/" + BASELINE + "/locations", Map.of("name", "Online warehouse")).path("id").asText();
        JsonNode variants = post(emulator + "/emulator/shops/" + BASELINE + "/products", Map.of("title", "Bench", "skus", skus,
                "stock", Map.of("Online warehouse", 0)));
        Map<String, String> items = new HashMap<>();
        variants.forEach(v -> items.put(v.path("sku").asText(), v.path("inventoryItemId").asText()));
        String doc = "mutation($input: InventoryAdjustQuantitiesInput!, $key: String!) { inventoryAdjustQuantities(input: $input) "
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
            String body = JSON.writeValueAsString(Map.of("query", doc, "variables", Map.of("key", e.getEventId(),
                    "input", Map.of("name", "available", "reason", "correction", "changes", List.of(change)))));
            while (true) {
                calls++;
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emulator + "/admin/api/2026-10/graphql.json"))
                        .header("X-Shopify-Access-Token", "shpat_baseline").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (!r.body().contains("THROTTLED")) {
                    break;
                }
                throttled++;
                Thread.sleep(1_000);
            }
        }
        JsonNode stats = get(emulator + "/emulator/shops/" + BASELINE).path("stats");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("apiCalls", calls);
        result.put("costPoints", stats.path("costActual").asLong());
        result.put("changesSent", stats.path("changesApplied").asLong());
        result.put("throttled", throttled);
        result.put("secondsToDrain", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        return result;
    }

    private void write(int events, int skus, Map<String, Object> atp, Map<String, Object> baseline, Map<String, Object> b1,
                       Map<String, Object> b3, PrintWriter log) throws Exception {
        Files.createDirectories(out);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("date", Instant.now().toString());
        results.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB max heap of the bench JVM, " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + ", Java " + System.getProperty("java.version"));
        results.put("command", "./atp-sync bench" + (quick ? " --quick" : ""));
        Map<String, Object> b2 = new LinkedHashMap<>();
        b2.put("events", events + skus);
        b2.put("skus", skus);
        b2.put("plan", "STANDARD (100 points/s, bucket 2,000)");
        b2.put("atpSync", atp);
        b2.put("perEventBaseline", baseline);
        b2.put("callRatio", ratio(baseline.get("apiCalls"), atp.get("apiCalls")));
        b2.put("costRatio", ratio(baseline.get("costPoints"), atp.get("costPoints")));
        b2.put("drainTimeRatio", ratio(baseline.get("secondsToDrain"), atp.get("secondsToDrain")));
        results.put("B2", b2);
        results.put("B1", b1);
        results.put("B3", b3);
        Files.writeString(out.resolve("results.json"), JSON.writeValueAsString(results));
        String md = "# ATP Sync benchmarks\n\n" + results.get("date") + " — " + results.get("machine") + "\n\nCommand: `" + results.get("command")
                + "`\n\n## B2 Shopify API efficiency (" + (events + skus) + " events over " + skus + " SKUs, one location, Standard plan)\n\n"
                + "| | API calls | cost points | changes sent | throttled | seconds to drain |\n|---|---|---|---|---|---|\n"
                + row("ATP Sync", atp) + row("per-event baseline", baseline)
                + "\nRatios (baseline / ATP Sync): calls " + b2.get("callRatio") + "×, cost " + b2.get("costRatio") + "×, time to drain "
                + b2.get("drainTimeRatio") + "×.\n\n## B1 Streams throughput (" + b1.get("events") + " events, 6 partitions, exactly_once_v2, "
                + "10,000 SKUs × 50 facilities, 50 locations)\n\n| | events/s (start to done) | events/s (RUNNING to done) | seconds | "
                + "offsets written per event |\n|---|---|---|---|---|\n| ATP Sync topology | "
                + b1.get("atpSyncEventsPerSecond") + " | " + b1.get("atpSyncProcessingEventsPerSecond") + " | " + b1.get("atpSyncSeconds") + " | "
                + b1.get("atpSyncOffsetsWrittenPerEvent") + " |\n| pass-through | " + b1.get("passThroughEventsPerSecond") + " | "
                + b1.get("passThroughProcessingEventsPerSecond") + " | " + b1.get("passThroughSeconds") + " | "
                + b1.get("passThroughOffsetsWrittenPerEvent") + " |\n\nRatio " + b1.get("ratio") + "; peak RSS of the bench JVM after the ATP run "
                + b1.get("peakRssMbAfterAtpSync") + " MB; Streams settings " + b1.get("streamsConfig") + "; offsets written by topic "
                + b1.get("atpSyncOffsetsWrittenByTopic") + " (" + b1.get("note") + ").\n\n"
                + "## B3 Rate-limit efficiency (hard sync of " + b3.get("pairs") + " (item, location) pairs, Standard plan, bucket emptied first)\n\n"
                + "| changes applied | seconds | changes/s | theoretical changes/s | ratio | API calls | cost points | THROTTLED |\n"
                + "|---|---|---|---|---|---|---|---|\n| " + b3.get("changesApplied") + " | " + b3.get("seconds") + " | " + b3.get("changesPerSecond")
                + " | " + b3.get("theoreticalChangesPerSecond") + " | " + b3.get("ratio") + " | " + b3.get("apiCalls") + " | " + b3.get("costPoints")
                + " | " + b3.get("throttled") + " |\n\n" + b3.get("note") + ".\n\n"
                + "B4 freshness, B5 recovery and B6 micro-benchmarks are not measured yet.\n";
        Files.writeString(out.resolve("results.md"), md);
        log.println(md);
    }

    private static String row(String name, Map<String, Object> m) {
        return "| " + name + " | " + m.get("apiCalls") + " | " + m.get("costPoints") + " | " + m.get("changesSent") + " | " + m.get("throttled")
                + " | " + m.get("secondsToDrain") + " |\n";
    }

    private static double ratio(Object a, Object b) {
        double y = ((Number) b).doubleValue();
        return y == 0 ? 0 : Math.round(((Number) a).doubleValue() / y * 10) / 10.0;
    }

    private static void awaitLevels(String emulator, String shop, String location, Map<String, Long> expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Long> actual = new HashMap<>();
            for (JsonNode l : get(emulator + "/emulator/shops/" + shop + "/levels")) {
                if (l.path("locationId").asText().equals(location) && expected.containsKey(l.path("sku").asText())) {
                    actual.put(l.path("sku").asText(), l.path("available").asLong());
                }
            }
            if (actual.equals(expected)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Shopify did not reach the expected levels within " + timeout.toMinutes() + " min");
    }

    static JsonNode get(String url) throws Exception {
        return JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    static JsonNode put(String url, Object body) throws Exception {
        return JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    static JsonNode post(String url, Object body) throws Exception {
        return JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
