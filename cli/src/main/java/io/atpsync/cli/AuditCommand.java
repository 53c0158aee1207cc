package io.atpsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.shopify.InventoryLevel;
import io.atpsync.sink.hardsync.OrderAwareTarget;
import io.atpsync.sink.hardsync.OrderAwareTarget.OpenLine;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code atp-sync audit}: the old inventory-auditing runbook. Compares what Shopify should show with what it shows
 * (read live, paced), reports every difference with its probable cause, and with {@code --fix} hard-syncs exactly those
 * keys. What Shopify should show is order-aware, as the hard sync computes it: online ATP minus the open
 * fulfillment-order units at the location that the OMS has not reserved, whether or not their webhook reached ATP Sync
 * (Shopify's order webhooks carry no location; its fulfillment orders do), with {@code committed} as the cross-check.
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = {
            "Compare what Shopify should show (online ATP minus the "
                    + "open Shopify orders at the location the OMS has not "
                    + "reserved, read from Shopify's fulfillment orders) with "
                    + "Shopify's levels; write a CSV report and a table.",
            "Exit code 5 when there are discrepancies. --fix hard-syncs the discrepant keys."
        })
final class AuditCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Option(names = "--shop", required = true, description = "Shop domain.")
    String shop;

    @Option(
            names = {"-l", "--location"},
            description = "Only this Shopify location.")
    String location;

    @Option(
            names = "--shop-url",
            defaultValue = "http://127.0.0.1:18086",
            description = "Admin API base URL. Default: ${DEFAULT-VALUE} (the emulator)")
    String shopUrl;

    @Option(
            names = "--token",
            defaultValue = "${env:ATP_SYNC_SHOPIFY_TOKEN}",
            description = "Admin API token (env ATP_SYNC_SHOPIFY_TOKEN); the emulator's demo token by default.")
    String token;

    @Option(
            names = "--streams-url",
            defaultValue = "${env:ATP_SYNC_STREAMS_URL:-http://127.0.0.1:18085}",
            description = "A Streams app instance. Default: ${DEFAULT-VALUE}")
    String streamsUrl;

    @Option(
            names = "--out",
            defaultValue = ".",
            description = "Directory of the CSV report. Default: the current directory")
    Path out;

    @Option(
            names = "--json",
            description = "Print the discrepancies as JSON instead of a table (the CSV report is written either way).")
    boolean json;

    @Option(names = "--fix", description = "Hard-sync exactly the discrepant keys.")
    boolean fix;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One key's comparison. */
    record Row(String sku, String location, long ours, Long shopifys, long pending, String cause) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        AdminGraphQl admin = new AdminGraphQl(shop, shopUrl, token != null ? token : LocalStackOptions.DEMO_TOKEN);
        JsonNode targets =
                get(streamsUrl + "/targets?shop=" + enc(shop) + (location == null ? "" : "&location=" + enc(location)));
        Map<String, List<JsonNode>> byLocation = new TreeMap<>();
        targets.forEach(t -> byLocation
                .computeIfAbsent(t.path("shopifyLocationId").asText(), k -> new ArrayList<>())
                .add(t));
        List<Row> differences = new ArrayList<>();
        int compared = 0;
        long sinkLag = sinkLag();
        ProgressBar progress =
                ProgressBar.items(spec.commandLine().getErr(), "reading Shopify's levels", targets.size());
        Map<String, Map<String, List<OpenLine>>> open = new TreeMap<>();
        for (String loc :
                byLocation.keySet()) { // the location's open orders, read before its levels (as the sink does)
            open.put(loc, AuditReads.openLines(loc, admin));
        }
        for (var entry : byLocation.entrySet()) {
            List<JsonNode> keys = entry.getValue();
            for (int from = 0; from < keys.size(); from += 100) {
                List<JsonNode> chunk = keys.subList(from, Math.min(keys.size(), from + 100));
                Map<String, InventoryLevel> levels = AuditReads.levels(entry.getKey(), chunk, admin);
                for (JsonNode t : chunk) {
                    compared++;
                    String item = t.path("inventoryItemId").isNull()
                            ? null
                            : t.path("inventoryItemId").asText(null);
                    InventoryLevel level = item == null ? null : levels.get(item);
                    OrderAwareTarget.Result expected = level == null
                            ? null
                            : AuditReads.expected(t, entry.getKey(), open.get(entry.getKey()), level);
                    long target = expected == null ? t.path("target").asLong() : expected.target();
                    long pending = expected == null
                            ? t.path("pendingShopifyOrders").asLong()
                            : expected.unreserved() + expected.unexplained();
                    boolean onHand = "on_hand".equals(t.path("published").asText());
                    Long actual = level == null ? null : onHand ? level.onHand() : level.available();
                    String cause = item == null
                            ? "unmapped SKU: no shopify.catalog entry"
                            : level == null
                                    ? "item not stocked at this location in Shopify"
                                    : actual == target
                                            ? null
                                            : !expected.consistent()
                                                    ? "Shopify's orders changed while they were read; audit again"
                                                    : sinkLag > 0
                                                            ? "sink lag: " + sinkLag
                                                                    + " batch(es) not applied yet; audit again shortly"
                                                            : "unexplained: drift in Shopify; a hard sync sets it";
                    if (cause != null) {
                        differences.add(
                                new Row(t.path("sku").asText(), entry.getKey(), target, actual, pending, cause));
                    }
                }
                progress.update(compared);
            }
        }
        progress.done();
        Map<Row, String> lastPushed = new java.util.HashMap<>();
        for (Row r : differences.subList(0, Math.min(MAX_HISTORY_LOOKUPS, differences.size()))) {
            lastPushed.put(r, lastPushedWindow(r));
        }
        Path report = AuditReport.csv(out, shop, differences, lastPushed);
        if (json) {
            o.println(JSON.writeValueAsString(AuditReport.json(shop, compared, report, differences, lastPushed)));
        } else {
            o.printf(
                    "audited %d (location, SKU) keys of %s: %d discrepancies; report %s%n",
                    compared, shop, differences.size(), report);
            AuditReport.table(o, differences, lastPushed);
        }
        if (fix && !differences.isEmpty()) {
            hardSync(differences, o);
        }
        return differences.isEmpty() ? 0 : 5;
    }

    private void hardSync(List<Row> differences, PrintWriter o) throws Exception {
        Map<String, List<String>> skus = new LinkedHashMap<>();
        differences.stream()
                .filter(r -> r.shopifys() != null)
                .forEach(r -> skus.computeIfAbsent(r.location(), k -> new ArrayList<>())
                        .add(r.sku()));
        long sent = OneTransaction.publish(kafka.clientConfigs(), sender -> {
            long n = 0;
            for (var e : skus.entrySet()) {
                HardSyncRequest request = new HardSyncRequest(
                        "audit-" + UUID.randomUUID(),
                        shop,
                        List.of(e.getKey()),
                        e.getValue(),
                        Instant.now(),
                        "audit --fix");
                int partitions = sender.partitions(kafka.topics().control());
                for (int p = 0; p < partitions; p++) {
                    sender.send(kafka.topics().control(), p, request);
                }
                n++;
            }
            return n;
        });
        o.printf(
                "--fix: hard sync requested for %d location(s), %d key(s)%n",
                sent, skus.values().stream().mapToInt(List::size).sum());
    }

    private static final int MAX_HISTORY_LOOKUPS = 200;

    /** The end of the newest window pushed for the key (from the adjustment history), or "none". */
    private String lastPushedWindow(Row r) {
        try {
            String last = null;
            for (JsonNode w : get(streamsUrl + "/history/" + enc(r.sku()) + "?location=" + enc(r.location()))) {
                if (!w.path("pending").asBoolean(false)
                        && (last == null || w.path("windowEnd").asText().compareTo(last) > 0)) {
                    last = w.path("windowEnd").asText();
                }
            }
            return last == null ? "none" : last;
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** Batches the sink has not consumed yet (the System page's figure); 0 when unknown. */
    private long sinkLag() {
        try {
            return get(streamsUrl + "/system")
                    .path("sink")
                    .path("lag")
                    .path("total")
                    .asLong(0);
        } catch (Exception e) {
            return 0;
        }
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r;
        try {
            r = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no Streams app answers at " + streamsUrl + " (" + e.getMessage() + ")");
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered HTTP " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
