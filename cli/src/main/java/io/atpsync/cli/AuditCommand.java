package io.atpsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.shopify.Gid;
import io.atpsync.shopify.InventoryLevel;
import io.atpsync.shopify.ShopifyDocuments;
import io.atpsync.sink.hardsync.OrderAwareTarget;
import io.atpsync.sink.hardsync.OrderAwareTarget.OpenLine;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
            open.put(loc, openLines(loc, admin));
        }
        for (var entry : byLocation.entrySet()) {
            List<JsonNode> keys = entry.getValue();
            for (int from = 0; from < keys.size(); from += 100) {
                List<JsonNode> chunk = keys.subList(from, Math.min(keys.size(), from + 100));
                Map<String, InventoryLevel> levels = read(entry.getKey(), chunk, admin);
                for (JsonNode t : chunk) {
                    compared++;
                    String item = t.path("inventoryItemId").isNull()
                            ? null
                            : t.path("inventoryItemId").asText(null);
                    InventoryLevel level = item == null ? null : levels.get(item);
                    OrderAwareTarget.Result expected =
                            level == null ? null : expected(t, entry.getKey(), open.get(entry.getKey()), level);
                    long target = expected == null ? t.path("target").asLong() : expected.target();
                    long pending = expected == null
                            ? t.path("pendingShopifyOrders").asLong()
                            : expected.unreserved() + expected.unexplained();
                    Long actual = level == null ? null : level.available();
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
        Files.createDirectories(out);
        Path report =
                out.resolve("audit-" + shop + "-" + Instant.now().toString().replace(':', '-') + ".csv");
        Map<Row, String> lastPushed = new java.util.HashMap<>();
        for (Row r : differences.subList(0, Math.min(MAX_HISTORY_LOOKUPS, differences.size()))) {
            lastPushed.put(r, lastPushedWindow(r));
        }
        List<String> lines = new ArrayList<>(
                List.of("sku,location,ours,shopify,difference,pendingShopifyOrders,lastBatchPushed,probableCause"));
        differences.forEach(r -> lines.add(
                r.sku() + "," + r.location() + "," + r.ours() + "," + (r.shopifys() == null ? "" : r.shopifys())
                        + "," + (r.shopifys() == null ? "" : r.shopifys() - r.ours()) + "," + r.pending() + ","
                        + lastPushed.getOrDefault(r, "")
                        + ",\"" + r.cause() + "\""));
        Files.write(report, lines);
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Row r : differences) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("sku", r.sku());
                m.put("location", r.location());
                m.put("ours", r.ours());
                m.put("shopify", r.shopifys());
                m.put("difference", r.shopifys() == null ? null : r.shopifys() - r.ours());
                m.put("pendingShopifyOrders", r.pending());
                m.put("lastBatchPushed", lastPushed.get(r));
                m.put("probableCause", r.cause());
                rows.add(m);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("shop", shop);
            result.put("audited", compared);
            result.put("report", report.toString());
            result.put("discrepancies", rows);
            o.println(JSON.writeValueAsString(result));
        } else {
            o.printf(
                    "audited %d (location, SKU) keys of %s: %d discrepancies; report %s%n",
                    compared, shop, differences.size(), report);
        }
        if (!json && !differences.isEmpty()) {
            o.printf(
                    "%-16s %-32s %8s %8s %6s  %-20s  %s%n",
                    "SKU", "LOCATION", "OURS", "SHOPIFY", "DIFF", "LAST BATCH PUSHED", "PROBABLE CAUSE");
            for (Row r : differences.subList(0, Math.min(50, differences.size()))) {
                o.printf(
                        "%-16s %-32s %8d %8s %6s  %-20s  %s%n",
                        r.sku(),
                        r.location(),
                        r.ours(),
                        r.shopifys() == null ? "-" : r.shopifys(),
                        r.shopifys() == null ? "-" : r.shopifys() - r.ours(),
                        lastPushed.getOrDefault(r, "-"),
                        r.cause());
            }
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

    /**
     * The order-aware target of one key, as the hard sync computes it ({@link OrderAwareTarget}): online ATP minus the
     * open fulfillment-order units at the location of orders the OMS has not reserved, committed units no open order
     * explains kept out too, restocked reserved orders added back.
     */
    static OrderAwareTarget.Result expected(
            JsonNode target, String location, Map<String, List<OpenLine>> open, InventoryLevel level) {
        Map<String, Long> reserved = new java.util.HashMap<>();
        List<OpenLine> restocked = new ArrayList<>();
        for (JsonNode r : target.path("reservedOrders")) {
            reserved.merge(
                    r.path("shopifyOrderId").asText(),
                    r.path("reserved").asLong() + r.path("released").asLong(),
                    Long::sum);
            if (r.path("restockedNotReleased").asLong() > 0
                    && location.equals(r.path("shopifyLocationId").asText())) {
                restocked.add(new OpenLine(
                        r.path("shopifyOrderId").asText(),
                        r.path("restockedNotReleased").asLong()));
            }
        }
        List<OpenLine> lines = open == null
                ? List.of()
                : open.getOrDefault(target.path("inventoryItemId").asText(), List.of());
        return OrderAwareTarget.of(
                target.path("onlineAtp").asLong(), reserved, lines, List.of(), restocked, level.committed());
    }

    /** Per inventory item: the open fulfillment-order lines assigned to a location (every page). */
    private static Map<String, List<OpenLine>> openLines(String location, AdminGraphQl admin) throws Exception {
        Map<String, List<OpenLine>> open = new java.util.HashMap<>();
        String after = null;
        do {
            Map<String, Object> vars = new java.util.HashMap<>();
            vars.put("query", "assigned_location_id:" + Gid.number(location));
            vars.put("after", after);
            vars.put("first", 50);
            JsonNode page =
                    admin.call(ShopifyDocuments.OPEN_FULFILLMENT_ORDERS, vars).path("fulfillmentOrders");
            for (JsonNode fo : page.path("nodes")) {
                String status = fo.path("status").asText();
                if (status.equals("CLOSED") || status.equals("CANCELLED")) {
                    continue;
                }
                String order = Gid.number(fo.path("orderId").asText());
                JsonNode lines = fo.path("lineItems");
                while (true) {
                    for (JsonNode l : lines.path("nodes")) {
                        open.computeIfAbsent(l.path("inventoryItemId").asText(), k -> new ArrayList<>())
                                .add(new OpenLine(
                                        order, l.path("remainingQuantity").asLong()));
                    }
                    if (!lines.path("pageInfo").path("hasNextPage").asBoolean(false)) {
                        break;
                    }
                    lines = admin.call(
                                    ShopifyDocuments.FULFILLMENT_ORDER_LINES,
                                    Map.of(
                                            "id",
                                            fo.path("id").asText(),
                                            "after",
                                            lines.path("pageInfo")
                                                    .path("endCursor")
                                                    .asText()))
                            .path("node")
                            .path("lineItems");
                }
            }
            after = page.path("pageInfo").path("hasNextPage").asBoolean(false)
                    ? page.path("pageInfo").path("endCursor").asText()
                    : null;
        } while (after != null);
        return open;
    }

    /** Shopify's available and committed per item at one location; paced: waits and retries when throttled. */
    private Map<String, InventoryLevel> read(String loc, List<JsonNode> chunk, AdminGraphQl admin) throws Exception {
        List<String> ids = chunk.stream()
                .map(t -> t.path("inventoryItemId"))
                .filter(n -> !n.isNull() && !n.isMissingNode())
                .map(JsonNode::asText)
                .toList();
        Map<String, InventoryLevel> levels = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return levels;
        }
        for (JsonNode n : admin.call(ShopifyDocuments.READ_LEVELS, Map.of("ids", ids, "location", loc))
                .path("nodes")) {
            if (n.hasNonNull("id") && !n.path("inventoryLevel").isNull()) {
                levels.put(n.path("id").asText(), InventoryLevel.of(n.path("inventoryLevel")));
            }
        }
        return levels;
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
