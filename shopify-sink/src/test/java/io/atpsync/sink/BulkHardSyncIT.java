package io.atpsync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.local.ConnectWorkerProcess;
import io.atpsync.local.DevSchemaRegistry;
import io.atpsync.local.Ports;
import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.AdjustmentKind;
import io.atpsync.schemas.HardSyncPart;
import io.atpsync.shopify.ShopifyHttp;
import io.atpsync.testing.Await;
import io.atpsync.testing.KafkaBroker;
import io.atpsync.testing.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk hard-sync path in a real Connect worker process, on a real broker, against the emulator's bulk operations
 * (stagedUploadsCreate, bulkOperationRunMutation, the 2026-10 schema). Numbers from the issue "A real retailer's
 * catalogue" and the order-aware rule of "Right against the real Shopify": Shopify shows 10 of every SKU, the cut says
 * online ATP 7, so the sync writes 7, except where a Shopify order the OMS has not reserved holds units (7 − its units)
 * or a live delta came after the cut (7 + the delta). A web order carries no location (shopify.dev's orders/create
 * example); the emulator routes it to the store, as Shopify does.
 */
@ExtendWith(KafkaBrokerExtension.class)
class BulkHardSyncIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SKUS = 1_200; // 2 Streams tasks × 600 targets: 5 lines of at most 250

    @TempDir
    Path home;

    private KafkaBroker kafka;
    private DevSchemaRegistry registry;
    private EmulatedShop shop;
    private ConnectWorkerProcess worker;
    private String topic;
    private String dlq;
    private final List<String> skus = new ArrayList<>();
    private long orderIds = 9_000;

    @BeforeEach
    void start(KafkaBroker kafka) throws Exception {
        this.kafka = kafka;
        registry = new DevSchemaRegistry(0);
        for (int i = 0; i < SKUS; i++) {
            skus.add(String.format("S%04d", i));
        }
        shop = new EmulatedShop(skus, 10);
        // slow enough that an order, a delta and a kill land while the operation runs: 5 lines in 10 s
        shop.admin("PUT", "/shops/" + EmulatedShop.SHOP + "/bulk", Map.of("linesPerSecond", 0.5));
        topic = kafka.createTopic("atp.adjustments", 1);
        dlq = kafka.createTopic("atp.adjustments.dlq", 1);
        worker = new ConnectWorkerProcess(
                ConnectWorkerProcess.Mode.DISTRIBUTED,
                kafka.bootstrapServers(),
                Ports.free(),
                Path.of("target/plugin").toAbsolutePath(),
                home.resolve("connect"),
                List.of());
        worker.start(Duration.ofSeconds(90));
    }

    @AfterEach
    void stop() {
        worker.stop();
        shop.close();
        registry.close();
    }

    @Test
    void shouldWriteABigHardSyncInBulkWithoutOverwritingOrdersOrLiveDeltas() throws Exception {
        long before = webOrder("S0001", 1); // an open web order from before the sync: Shopify 9, committed 1
        String unstocked = shop.unstockedItem("U-1");
        List<AdjustmentBatch> cut = cut("hs-bulk-1", unstocked);
        produce(cut);
        worker.put("/connectors/shopify/config", config());

        Await.until("the bulk mutation runs", Duration.ofSeconds(60), () -> "RUNNING".equals(current("status")));
        webOrder("S1100", 2); // placed while the operation runs, on a line not written yet
        produce(List.of(adjust("S0002", -1))); // a live delta after the cut

        Map<String, Long> expected = new HashMap<>();
        skus.forEach(s -> expected.put(s, 7L));
        expected.put("S0001", 6L); // 7 − the open order's unit (Shopify 6 available + 1 committed)
        expected.put("S1100", 5L); // 7 − the order placed during the sync
        expected.put("S0002", 6L); // 7, then −1 after the cut
        Await.until(
                "every level at its target",
                Duration.ofSeconds(180),
                () -> mismatches(expected).isEmpty());

        assertThat(current("status")).isEqualTo("COMPLETED");
        assertThat(operations("hs-bulk-1")).hasSize(1);
        JsonNode progress =
                JSON.readTree(worker.get("/atp-sync/bulk")).path("hs-bulk-1").path(shop.location);
        System.out.println("bulk hard sync progress: " + progress);
        assertThat(progress.path("phase").asText()).isEqualTo("DONE");
        assertThat(progress.path("staleLines").asInt())
                .as("the order's line was stale")
                .isGreaterThanOrEqualTo(1);
        assertThat(progress.path("lines").asInt()).isEqualTo(5);
        assertThat(progress.path("deadLettered").asInt()).isEqualTo(1); // U-1 is not stocked at the store
        assertThat(progress.path("direct").asInt()).as("S1100's stale line").isGreaterThanOrEqualTo(199);
        // the lines cost no points; the direct path reads and writes 1,200 changes for about 3 points each (3,600)
        assertThat(shop.stats().path("costActual").asLong()).isLessThan(2_000);
        assertThat(before).isPositive();
    }

    @Test
    void shouldLeaveShopifyRightAfterTheWorkerIsKilledMidOperation() throws Exception {
        produce(cut("hs-bulk-2", null));
        worker.put("/connectors/shopify/config", config());
        Await.until(
                "the bulk mutation has written a line",
                Duration.ofSeconds(60),
                () -> "RUNNING".equals(current("status"))
                        && !current("objectCount").matches("0?"));

        worker.process().kill();
        worker.start(Duration.ofSeconds(90));

        Map<String, Long> expected = new HashMap<>();
        skus.forEach(s -> expected.put(s, 7L));
        Await.until(
                "every level at its target",
                Duration.ofSeconds(180),
                () -> mismatches(expected).isEmpty());
        assertThat(operations("hs-bulk-2"))
                .as("one operation for the cut, resumed after the restart")
                .hasSize(1);
        assertThat(shop.stats().path("changesApplied").asLong()).isEqualTo(SKUS);
    }

    /**
     * A bulk hard sync of two locations reads both locations' fulfillment orders in two shop-wide reads (not two per
     * location) and sorts them by assigned location: each location's target leaves out only its own open orders. An
     * order routed to the outlet holds the outlet's units, never the store's (the 2026-10 schema, FulfillmentOrder.
     * assignedLocation: "the fulfillment order's assigned location. This is the location where the fulfillment is
     * expected to happen").
     */
    @Test
    void shouldSortEveryLocationsOrdersFromOneReadToItsOwnTargets() throws Exception {
        String outlet = shop.admin("POST", "/shops/" + EmulatedShop.SHOP + "/locations", Map.of("name", "Outlet"))
                .path("id")
                .asText();
        List<Map<String, Object>> levels = new ArrayList<>();
        skus.forEach(
                sku -> levels.add(Map.of("inventoryItemId", shop.item(sku), "locationId", outlet, "available", 10L)));
        shop.admin("PUT", "/shops/" + EmulatedShop.SHOP + "/levels", Map.of("levels", levels));
        webOrder("S0001", 1); // at the store: Shopify 9 there, committed 1
        webOrder("S0003", 2, outlet); // at the outlet: Shopify 8 there, committed 2
        long fulfillmentOrderReads = calls("fulfillmentOrders");
        List<AdjustmentBatch> both = new ArrayList<>(cut("hs-bulk-3", null, 7L));
        both.addAll(cut("hs-bulk-3", outlet, null, 7L));
        produce(both);
        worker.put("/connectors/shopify/config", config());

        Map<String, Long> store = new HashMap<>();
        skus.forEach(s -> store.put(s, 7L));
        store.put("S0001", 6L); // 7 − its own open order's unit
        Map<String, Long> atOutlet = new HashMap<>(store);
        atOutlet.put("S0001", 7L); // the store's order holds nothing at the outlet
        atOutlet.put("S0003", 5L); // 7 − the outlet's open order's 2 units
        Await.until(
                "every level at both locations at its target",
                Duration.ofSeconds(180),
                () -> mismatches(store).isEmpty()
                        && mismatches(outlet, atOutlet).isEmpty());

        assertThat(operations("hs-bulk-3"))
                .as("both locations in one operation")
                .hasSize(1);
        assertThat(calls("fulfillmentOrders") - fulfillmentOrderReads)
                .as("both locations' orders in two reads (changes, then open), not two per location")
                .isEqualTo(2);
    }

    /** How many GraphQL calls the shop answered whose only top-level field is {@code rootField}. */
    private long calls(String rootField) throws Exception {
        return shop.stats()
                .path("costByRootFields")
                .path(rootField)
                .path("calls")
                .asLong();
    }

    /**
     * A reconciliation where Shopify and the targets agree at 10 except for three keys someone changed in Shopify's
     * admin: it fixes those three and writes nothing else. Its 1,200 targets are below the bulk threshold (5,000 by
     * default): a reconciliation compares by bulk query whatever its size.
     */
    @Test
    void shouldReconcileByFixingTheInjectedDriftAndOnlyIt() throws Exception {
        Map<String, Long> drift = Map.of("S0005", 13L, "S0600", 4L, "S1150", 0L);
        List<Map<String, Object>> levels = new ArrayList<>();
        drift.forEach((sku, q) ->
                levels.add(Map.of("inventoryItemId", shop.item(sku), "locationId", shop.location, "available", q)));
        shop.admin("PUT", "/shops/" + EmulatedShop.SHOP + "/levels", Map.of("levels", levels));
        long before = shop.stats().path("changesApplied").asLong();

        produce(cut("reconcile-it-1", null, 10L));
        worker.put("/connectors/shopify/config", config("5000"));

        Map<String, Long> expected = new HashMap<>();
        skus.forEach(s -> expected.put(s, 10L));
        Await.until(
                "every level at its target",
                Duration.ofSeconds(120),
                () -> mismatches(expected).isEmpty());
        Await.until(
                "the reconciliation is complete",
                Duration.ofSeconds(60),
                () -> reconcile().has("lastComplete"));

        assertThat(shop.stats().path("changesApplied").asLong() - before)
                .as("only the drifted keys are written")
                .isEqualTo(3);
        JsonNode last = reconcile().path("lastComplete");
        assertThat(last.path("requestId").asText()).isEqualTo("reconcile-it-1");
        assertThat(last.path("drifted").asLong()).isEqualTo(3);
        JsonNode drifts = JSON.readTree(worker.get("/atp-sync/bulk"))
                .path("reconcile-it-1")
                .path(shop.location)
                .path("drifts");
        Map<String, String> causes = new HashMap<>();
        drifts.forEach(
                d -> causes.put(d.path("sku").asText(), d.path("probableCause").asText()));
        assertThat(causes).containsOnlyKeys("S0005", "S0600", "S1150");
        assertThat(causes.get("S0005")).startsWith("Shopify is 3 above its target");
        assertThat(causes.get("S0600")).startsWith("Shopify is 6 below its target");
        assertThat(worker.get("/metrics")).contains("reconcile_last_complete_age_seconds");
    }

    private JsonNode reconcile() {
        try {
            return JSON.readTree(worker.get("/atp-sync/reconcile"));
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    /** Two Streams tasks' cut of one location: 600 targets each, in batches of 250, with their place in the cut. */
    private List<AdjustmentBatch> cut(String hardSync, String unstocked) {
        return cut(hardSync, unstocked, 7L);
    }

    private List<AdjustmentBatch> cut(String hardSync, String unstocked, long onlineAtp) {
        return cut(hardSync, shop.location, unstocked, onlineAtp);
    }

    private List<AdjustmentBatch> cut(String hardSync, String location, String unstocked, long onlineAtp) {
        List<AdjustmentBatch> out = new ArrayList<>();
        for (int task = 0; task < 2; task++) {
            List<AdjustmentChange> changes = new ArrayList<>();
            for (int i = task * 600; i < (task + 1) * 600; i++) {
                changes.add(new AdjustmentChange(
                        shop.item(skus.get(i)), skus.get(i), onlineAtp, onlineAtp, List.of(), List.of()));
            }
            if (task == 1 && unstocked != null) {
                changes.set(599, new AdjustmentChange(unstocked, "U-1", 7L, 7L, List.of(), List.of()));
            }
            int count = (changes.size() + 249) / 250;
            for (int b = 0; b < count; b++) {
                out.add(new AdjustmentBatch(
                        hardSync + "-p" + task + "-" + b,
                        EmulatedShop.SHOP,
                        location,
                        AdjustmentKind.SET,
                        "correction",
                        changes.subList(b * 250, Math.min(changes.size(), (b + 1) * 250)),
                        Instant.now().minusSeconds(1),
                        Instant.now(),
                        hardSync,
                        new HardSyncPart(task, 2, b + 1, count, changes.size()),
                        null));
            }
        }
        if (unstocked != null) {
            skus.remove(skus.size() - 1); // S1199 was replaced by the unstocked item: Shopify keeps its 10
        }
        return out;
    }

    private AdjustmentBatch adjust(String sku, long delta) {
        return new AdjustmentBatch(
                "live-" + sku + "-" + delta,
                EmulatedShop.SHOP,
                shop.location,
                AdjustmentKind.ADJUST,
                "correction",
                List.of(new AdjustmentChange(shop.item(sku), sku, delta, null, List.of(), List.of())),
                Instant.now(),
                Instant.now(),
                null,
                null,
                null);
    }

    private long webOrder(String sku, long quantity) throws Exception {
        return webOrder(sku, quantity, shop.location);
    }

    private long webOrder(String sku, long quantity, String location) throws Exception {
        long id = ++orderIds;
        shop.webOrder(id, List.of(Map.of("sku", sku, "quantity", quantity, "locationId", location)));
        return id;
    }

    private Map<String, Long> mismatches(Map<String, Long> expected) {
        return mismatches(shop.location, expected);
    }

    private Map<String, Long> mismatches(String location, Map<String, Long> expected) {
        Map<String, Long> out = new HashMap<>();
        try {
            for (JsonNode l : shop.admin("GET", "/shops/" + EmulatedShop.SHOP + "/levels", null)) {
                String sku = l.path("sku").asText();
                if (expected.containsKey(sku)
                        && l.path("locationId").asText().equals(location)
                        && l.path("available").asLong() != expected.get(sku)) {
                    out.put(sku, l.path("available").asLong());
                }
            }
        } catch (Exception e) {
            out.put("(unreadable)", -1L);
        }
        return out;
    }

    private String current(String field) {
        try {
            return graphql("{ currentBulkOperation(type: MUTATION) { id status objectCount } }")
                    .path("data")
                    .path("currentBulkOperation")
                    .path(field)
                    .asText("");
        } catch (Exception e) {
            return "";
        }
    }

    /** The bulk mutations named for {@code hardSync} (the name the sink gives them). */
    private List<String> operations(String hardSync) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : graphql(
                        "{ bulkOperations(first: 50, query: \"operation_type:mutation\") { nodes { id query } } }")
                .path("data")
                .path("bulkOperations")
                .path("nodes")) {
            if (n.path("query").asText().contains(BulkDocuments.name(hardSync))) {
                ids.add(n.path("id").asText());
            }
        }
        return ids;
    }

    /** A plain GraphQL call with the full token, for what the test reads of Shopify. */
    private JsonNode graphql(String query) throws Exception {
        String url = new ShopifySinkConfig(shop.connectorConfig(EmulatedShop.TOKEN)).graphqlUrl();
        return new ShopifyHttp(Duration.ofSeconds(10))
                .graphql(url, EmulatedShop.TOKEN, Map.of("query", query, "variables", Map.of()))
                .body();
    }

    private String config() throws Exception {
        return config("1000");
    }

    private String config(String threshold) throws Exception {
        Map<String, String> c = shop.workerConnectorConfig(EmulatedShop.TOKEN, registry.url(), topic, dlq, 1);
        c.put(ShopifySinkConfig.BULK_THRESHOLD, threshold);
        c.put(ShopifySinkConfig.BULK_POLL_MS, "500");
        return JSON.writeValueAsString(c);
    }

    private void produce(List<AdjustmentBatch> batches) {
        EmulatedShop.produce(kafka.bootstrapServers(), registry.url(), topic, batches);
    }
}
