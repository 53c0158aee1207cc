package io.atpsync.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.AdjustmentKind;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.Facility;
import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.OnlineAtp;
import io.atpsync.schemas.ProductFacility;
import io.atpsync.schemas.ProductThreshold;
import io.atpsync.schemas.ShopifyLevel;
import io.atpsync.schemas.ShopifyOrder;
import io.atpsync.schemas.ShopifyOrderLine;
import io.atpsync.schemas.ShopifyOrderStatus;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.streams.config.Settings;
import io.atpsync.streams.state.StoreKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What reaches Shopify, told as timed stories: STORE is a store location (store-1), WEB an aggregate online location
 * (store-1 + wh-1); windows of 5 s close by wall-clock.
 */
class ShopifyPushTest {

    /** Each driver's state directory, under one JUnit removes after the test. */
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;

    static final String SHOP = "demo.myshopify.com";
    static final String STORE = "gid://shopify/Location/1";
    static final String WEB = "gid://shopify/Location/2";
    static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    static final Duration WINDOW = Duration.ofSeconds(5);

    private final Topics topics = Topics.DEFAULT;
    private TopologyTestDriver driver;
    private TestInputTopic<String, InventoryEvent> events;
    private TestInputTopic<String, Facility> facilities;
    private TestInputTopic<String, ProductFacility> productFacility;
    private TestInputTopic<String, ProductThreshold> thresholds;
    private TestInputTopic<String, CatalogItem> catalog;
    private TestInputTopic<String, ShopifyOrder> orders;
    private TestInputTopic<String, HardSyncRequest> control;
    private TestOutputTopic<String, AdjustmentBatch> adjustments;
    private TestInputTopic<String, LocationMapping> mappings;
    private TestInputTopic<String, ShopifyLevel> levels;
    private int seq;

    private void start(Settings.SyncMode mode) {
        start(mode, Map.of());
    }

    private void start(Settings.SyncMode mode, Map<Integer, Long> rebuildUntil) {
        Map<String, Object> serde = Map.of(RegistryClientConfig.URL, "mock://push-" + UUID.randomUUID());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "atp-sync");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir.resolve("atp-push-" + UUID.randomUUID()).toString());
        Settings settings = Settings.defaults(1, serde)
                .withApplication("atp-sync", 0)
                .withSync(WINDOW, mode, Set.of())
                .withRebuildUntil(rebuildUntil);
        driver = new TopologyTestDriver(AtpTopology.build(topics, settings), props, T0);
        StringSerializer s = new StringSerializer();
        events = driver.createInputTopic(
                topics.inventoryEvents().name(),
                s,
                topics.inventoryEvents().valueSerde(serde).serializer());
        facilities = driver.createInputTopic(
                topics.facilities().name(),
                s,
                topics.facilities().valueSerde(serde).serializer());
        productFacility = driver.createInputTopic(
                topics.productFacility().name(),
                s,
                topics.productFacility().valueSerde(serde).serializer());
        thresholds = driver.createInputTopic(
                topics.thresholds().name(),
                s,
                topics.thresholds().valueSerde(serde).serializer());
        catalog = driver.createInputTopic(
                topics.catalog().name(), s, topics.catalog().valueSerde(serde).serializer());
        orders = driver.createInputTopic(
                topics.shopifyOrders().name(),
                s,
                topics.shopifyOrders().valueSerde(serde).serializer());
        control = driver.createInputTopic(
                topics.control().name(), s, topics.control().valueSerde(serde).serializer());
        mappings = driver.createInputTopic(
                topics.locationMappings().name(),
                s,
                topics.locationMappings().valueSerde(serde).serializer());
        levels = driver.createInputTopic(
                topics.shopifyLevels().name(),
                s,
                topics.shopifyLevels().valueSerde(serde).serializer());
        adjustments = driver.createOutputTopic(
                topics.adjustments().name(),
                new StringDeserializer(),
                topics.adjustments().valueSerde(serde).deserializer());

        for (String f : List.of("store-1", "wh-1", "outlet")) {
            facilities.pipeInput(f, new Facility(f, f, "STORE", true), T0);
        }
        mappings.pipeInput(STORE, new LocationMapping(STORE, SHOP, List.of("store-1"), null, null), T0);
        mappings.pipeInput(WEB, new LocationMapping(WEB, SHOP, List.of("store-1", "wh-1"), null, null), T0);
        for (String sku : List.of("A", "B")) {
            catalog.pipeInput(SHOP + "|" + sku, new CatalogItem(SHOP, sku, item(sku), null, null), T0);
        }
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    static String item(String sku) {
        return "gid://shopify/InventoryItem/" + (sku.hashCode() & 0xffff);
    }

    private InventoryEvent event(EventType type, String sku, String facility, long qoh, long atp) {
        return InventoryEvent.newBuilder()
                .setEventId("e" + (++seq))
                .setSource("TEST")
                .setType(type)
                .setSku(sku)
                .setFacilityId(facility)
                .setQohDiff(qoh)
                .setAtpDiff(atp)
                .setOccurredAt(now())
                .build();
    }

    private Instant now() {
        return T0.plusMillis(seq * 10L);
    }

    private void send(InventoryEvent e) {
        events.pipeInput(e.getSku(), e, now());
    }

    private void shopifyReservation(
            EventType type, String sku, String facility, long atpDiff, String order, String at) {
        InventoryEvent e = event(type, sku, facility, 0, atpDiff);
        e.setOrderId(order);
        e.setOrderChannel("SHOPIFY");
        e.setShopifyLocationId(at);
        send(e);
    }

    private void shopifyOrder(String order, String sku, long quantity, String at, ShopifyOrderStatus status) {
        orders.pipeInput(
                SHOP + "|" + order,
                new ShopifyOrder(
                        SHOP, order, status, now(), List.of(new ShopifyOrderLine(sku, quantity, at, item(sku))), null),
                now());
    }

    /** Shopify's orders/cancelled for an online order (no location), with its restock choice. */
    private void shopifyCancel(String order, String sku, long quantity, Boolean restock) {
        orders.pipeInput(
                SHOP + "|" + order,
                new ShopifyOrder(
                        SHOP,
                        order,
                        ShopifyOrderStatus.CANCELLED,
                        now(),
                        List.of(new ShopifyOrderLine(sku, quantity, null, item(sku))),
                        restock),
                now());
    }

    /** Lets the current window close by wall-clock and returns what was pushed. */
    private List<AdjustmentBatch> flush() {
        driver.advanceWallClockTime(WINDOW.plusSeconds(1));
        return adjustments.readValuesToList();
    }

    private static Map<String, Long> changes(AdjustmentBatch b) {
        return b.getChanges().stream()
                .collect(java.util.stream.Collectors.toMap(AdjustmentChange::getSku, AdjustmentChange::getQuantity));
    }

    // ---- DESIGN.md's worked examples --------------------------------------------------------------

    @Test
    void example1ShouldPushMinusOneForADamageWhileShopifyOrdersArePendingAndNothingWhenTheyArrive() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 5, 5));
        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> assertThat(changes(b)).containsEntry("A", 5L));

        for (int i = 1; i <= 4; i++) { // Shopify takes 4 orders: its count goes 5 → 1
            shopifyOrder("#10" + i, "A", 1, STORE, ShopifyOrderStatus.CREATED);
        }
        send(event(EventType.DAMAGED, "A", "store-1", -1, -1));
        List<AdjustmentBatch> damaged = flush();
        assertThat(damaged)
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> {
                    assertThat(b.getKind()).isEqualTo(AdjustmentKind.ADJUST);
                    assertThat(b.getReason()).isEqualTo("damaged");
                    assertThat(changes(b)).containsExactly(Map.entry("A", -1L)); // Shopify 1 → 0
                });

        control.pipeInput(null, new HardSyncRequest("hs-1", SHOP, List.of(STORE), List.of(), now(), "test"), now());
        assertThat(adjustments.readValuesToList()).singleElement().satisfies(b -> {
            assertThat(b.getKind()).isEqualTo(AdjustmentKind.SET);
            assertThat(b.getHardSyncRequestId()).isEqualTo("hs-1");
            // 4 online − 4 pending: Shopify stays 0; B, catalogued and never stocked, is set to 0 too
            assertThat(changes(b)).containsOnly(Map.entry("A", 0L), Map.entry("B", 0L));
            // order-aware: the sink starts from online ATP 4 and subtracts the open orders Shopify holds at STORE
            assertThat(b.getChanges().get(0).getSku()).isEqualTo("A");
            assertThat(b.getChanges().get(0).getOnlineAtp()).isEqualTo(4L);
            assertThat(b.getChanges().get(0).getReservedOrders()).isEmpty();
        });

        for (int i = 1; i <= 4; i++) { // the orders reach the OMS
            shopifyReservation(EventType.RESERVATION_CREATED, "A", "store-1", -1, "#10" + i, STORE);
        }
        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .isEmpty();
    }

    @Test
    void example2ShouldPushPlusTwoForAReceivedTransfer() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "B", "store-1", 10, 10));
        flush();
        send(event(EventType.TRANSFER_RECEIPT, "B", "store-1", 2, 2));

        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> {
                    assertThat(b.getReason()).isEqualTo("movement_received");
                    assertThat(changes(b)).containsExactly(Map.entry("B", 2L));
                });
    }

    @Test
    void example3ShouldSendTheAbsoluteTargetInCompareMode() {
        start(Settings.SyncMode.COMPARE);
        send(event(EventType.RECEIPT, "A", "store-1", 100, 100));
        flush();
        send(event(EventType.POS_SALE, "A", "store-1", -5, -5));

        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> {
                    assertThat(b.getKind()).isEqualTo(AdjustmentKind.SET);
                    assertThat(changes(b))
                            .containsExactly(Map.entry("A", 95L)); // the sink writes 95 with compare-and-swap
                });
    }

    @Test
    void example4ShouldPushALatePosSaleLikeAnyOther() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 5, 5));
        flush();
        InventoryEvent sale = event(EventType.POS_SALE, "A", "store-1", -1, -1);
        sale.setOccurredAt(T0.minusSeconds(2)); // happened at 12:59:59, arrives after the hour turned
        send(sale);

        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> assertThat(changes(b)).containsExactly(Map.entry("A", -1L)));
    }

    // ---- more stories ------------------------------------------------------------------------------

    @Test
    void shouldCutAtOnceAndLeaveOrdersInFlightToTheSinksReadOfShopify() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 10, 10));
        flush(); // Shopify 10
        control.pipeInput(null, new HardSyncRequest("hs-late", SHOP, List.of(STORE), List.of(), now(), "test"), now());
        // no grace: the order whose webhook is still on its way is found by the sink in Shopify's fulfillment orders
        assertThat(adjustments.readValuesToList()).singleElement().satisfies(b -> {
            assertThat(b.getKind()).isEqualTo(AdjustmentKind.SET);
            assertThat(b.getChanges().get(0).getOnlineAtp()).isEqualTo(10L);
        });
    }

    @Test
    void shouldTellTheSinkWhichShopifyOrdersTheOmsReservedByTheirShopifyId() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 10, 10));
        flush();
        // the OMS numbers its orders itself: the Shopify id comes in shopifyOrderId (as a gid here)
        InventoryEvent e = event(EventType.RESERVATION_CREATED, "A", "store-1", 0, -2);
        e.setOrderId("OMS-77");
        e.setShopifyOrderId("gid://shopify/Order/5550001");
        e.setOrderChannel("SHOPIFY");
        e.setShopifyLocationId(STORE);
        send(e);
        flush();
        control.pipeInput(
                null, new HardSyncRequest("hs-ids", SHOP, List.of(STORE), List.of("A"), now(), "test"), now());

        assertThat(adjustments.readValuesToList()).singleElement().satisfies(b -> {
            assertThat(b.getChanges().get(0).getOnlineAtp()).isEqualTo(8L);
            assertThat(b.getChanges().get(0).getReservedOrders())
                    .extracting(r -> r.getShopifyOrderId() + "=" + r.getUnits())
                    .containsExactly("5550001=2");
        });
    }

    @Test
    void shouldNotCompensateAReleaseOfAnOrderShopifyCancelledWithoutRestock() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 10, 10));
        flush(); // Shopify 10
        shopifyOrder("#401", "A", 2, null, ShopifyOrderStatus.CREATED); // Shopify 8 (an online order: no location)
        shopifyReservation(EventType.RESERVATION_CREATED, "A", "store-1", -2, "#401", STORE);
        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .isEmpty(); // −2 + 2: Shopify stays 8
        // cancelled on Shopify without restock: Shopify stays 8; the OMS releases its reservation: online ATP 10
        shopifyCancel("#401", "A", 2, false);
        shopifyReservation(EventType.RESERVATION_RELEASED, "A", "store-1", 2, "#401", STORE);

        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> assertThat(changes(b)).containsExactly(Map.entry("A", 2L))); // Shopify 10 = online ATP
    }

    @Test
    void shouldUndoTheCompensationOfAReleaseThatCameBeforeTheNoRestockCancel() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 10, 10));
        flush();
        shopifyOrder("#402", "A", 2, null, ShopifyOrderStatus.CREATED);
        shopifyReservation(EventType.RESERVATION_CREATED, "A", "store-1", -2, "#402", STORE);
        flush();
        shopifyReservation(EventType.RESERVATION_RELEASED, "A", "store-1", 2, "#402", STORE); // late cancel webhook
        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .isEmpty();
        shopifyCancel("#402", "A", 2, false);

        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> assertThat(changes(b)).containsExactly(Map.entry("A", 2L)));
    }

    @Test
    void shouldSetEveryCataloguedSkuNoEventHasTouchedToZeroWithinTheRequestScope() {
        start(Settings.SyncMode.VARIANCE); // A and B are catalogued; B never had stock anywhere
        send(event(EventType.RECEIPT, "A", "store-1", 3, 3));
        flush();
        // someone typed 7 for B at the store into Shopify; its webhook has not reached ATP Sync (late, or lost), and
        // the web location's level of B is not known at all: both get a target of 0 (the sink skips a 0 where
        // Shopify does not stock the item)
        control.pipeInput(null, new HardSyncRequest("hs-all", SHOP, List.of(), List.of(), now(), "test"), now());
        Map<String, Map<String, Long>> set = new java.util.TreeMap<>();
        adjustments
                .readValuesToList()
                .forEach(b -> set.merge(b.getShopifyLocationId(), changes(b), (x, y) -> {
                    Map<String, Long> m = new java.util.TreeMap<>(x);
                    m.putAll(y);
                    return m;
                }));
        assertThat(set)
                .containsOnly(Map.entry(STORE, Map.of("A", 3L, "B", 0L)), Map.entry(WEB, Map.of("A", 3L, "B", 0L)));

        control.pipeInput(null, new HardSyncRequest("hs-a", SHOP, List.of(STORE), List.of("A"), now(), "test"), now());
        assertThat(adjustments.readValuesToList()).singleElement().satisfies(b -> {
            assertThat(b.getShopifyLocationId()).isEqualTo(STORE);
            assertThat(changes(b)).containsExactly(Map.entry("A", 3L));
        });
        control.pipeInput(
                null,
                new HardSyncRequest("hs-other", "other.myshopify.com", List.of(), List.of(), now(), "test"),
                now());
        assertThat(adjustments.readValuesToList())
                .as("another shop's request touches none of this shop's SKUs")
                .isEmpty();
    }

    /**
     * The sink's bulk path waits until it has a location's whole cut: each SET batch says its place among its task's
     * batches there, and a task with no target at a location in scope says so with one empty batch.
     */
    @Test
    void shouldSayWhereEachCutBatchSitsAndCutARepeatedRequestOnce() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 3, 3));
        flush();

        HardSyncRequest request = new HardSyncRequest("hs-part", SHOP, List.of(STORE), List.of("A"), now(), "test");
        control.pipeInput(null, request, now());
        assertThat(adjustments.readValuesToList()).singleElement().satisfies(b -> {
            assertThat(b.getHardSyncPart().getSourcePartition()).isZero();
            assertThat(b.getHardSyncPart().getSourcePartitions()).isPositive();
            assertThat(b.getHardSyncPart().getIndex()).isEqualTo(1);
            assertThat(b.getHardSyncPart().getCount()).isEqualTo(1);
            assertThat(b.getHardSyncPart().getLocationTargets()).isEqualTo(1);
        });
        control.pipeInput(null, request, now()); // a reconciliation slot published by two instances
        assertThat(adjustments.readValuesToList())
                .as("a request id is cut once")
                .isEmpty();

        control.pipeInput(
                null, new HardSyncRequest("hs-none", SHOP, List.of(STORE), List.of("NOT-SOLD"), now(), "test"), now());
        assertThat(adjustments.readValuesToList()).singleElement().satisfies(b -> {
            assertThat(b.getKind()).isEqualTo(AdjustmentKind.SET);
            assertThat(b.getChanges()).isEmpty();
            assertThat(b.getHardSyncPart().getCount()).isEqualTo(1);
            assertThat(b.getHardSyncPart().getLocationTargets()).isZero();
        });
    }

    @Test
    void shouldLeaveAnOversoldTargetToTheSinkInsteadOfAdjustingTheRestLater() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 1, 1));
        flush(); // Shopify 1
        shopifyOrder("#201", "A", 3, STORE, ShopifyOrderStatus.CREATED); // Shopify oversells: 1 → −2

        control.pipeInput(null, new HardSyncRequest("hs-over", SHOP, List.of(STORE), List.of(), now(), "test"), now());
        assertThat(adjustments.readValuesToList()).singleElement().satisfies(b -> {
            assertThat(b.getKind()).isEqualTo(AdjustmentKind.SET);
            // the sink writes 1 − 3 = −2 as a guarded adjustment (Shopify's own count); nothing follows as a variance
            assertThat(b.getChanges().get(0).getOnlineAtp()).isEqualTo(1L);
        });
        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .isEmpty();
        shopifyReservation(EventType.RESERVATION_CREATED, "A", "store-1", -3, "#201", STORE);
        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> assertThat(changes(b))
                        .containsExactly(Map.entry("A", 2L))); // online 1 → 0 (−1), order given back (+3): 0
    }

    @Test
    void shouldGiveShopifyItsUnitBackWhenItsOrderIsBrokeredToAFacilityOutsideTheLocation() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 5, 5));
        send(event(EventType.RECEIPT, "A", "outlet", 5, 5));
        flush();
        shopifyOrder("#7", "A", 1, STORE, ShopifyOrderStatus.CREATED); // Shopify STORE: 5 → 4
        shopifyReservation(EventType.RESERVATION_CREATED, "A", "outlet", -1, "#7", STORE);

        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> assertThat(changes(b)).containsExactly(Map.entry("A", 1L))); // back to 5
    }

    @Test
    void shouldPushNothingWhenAShopifyOrderIsCancelledAndReleased() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 5, 5));
        shopifyReservation(EventType.RESERVATION_CREATED, "A", "store-1", -1, "#8", STORE);
        flush();
        shopifyOrder("#8", "A", 1, STORE, ShopifyOrderStatus.CANCELLED); // Shopify restocks itself
        shopifyReservation(EventType.RESERVATION_RELEASED, "A", "store-1", 1, "#8", STORE);

        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .isEmpty();
    }

    /**
     * An order Shopify splits over two locations (one fulfillment order at each: shopify.dev, FulfillmentOrder, "an
     * order can have several fulfillment orders, one per assigned location"), of which the OMS has reserved the WEB
     * part only. The cut's SET for STORE must not list the order as reserved: the sink would then keep STORE's
     * unreserved unit out of its subtraction and write it back over the order (the gap ADR 0005 recorded).
     */
    @Test
    void shouldTellTheSinkOnlyThePartOfASplitOrderReservedAtEachLocation() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 5, 5));
        send(event(EventType.RECEIPT, "A", "wh-1", 5, 5));
        flush();
        shopifyReservation(EventType.RESERVATION_CREATED, "A", "wh-1", -1, "#31", WEB); // the WEB part only
        flush();
        control.pipeInput(
                null, new HardSyncRequest("hs-split", SHOP, List.of(STORE, WEB), List.of("A"), now(), "test"), now());

        Map<String, List<String>> reserved = new java.util.TreeMap<>();
        adjustments
                .readValuesToList()
                .forEach(b -> b.getChanges()
                        .forEach(c -> reserved.put(
                                b.getShopifyLocationId(),
                                c.getReservedOrders().stream()
                                        .map(r -> r.getShopifyOrderId() + "=" + r.getUnits() + "@"
                                                + r.getShopifyLocationId())
                                        .toList())));
        assertThat(reserved).containsOnly(Map.entry(STORE, List.of()), Map.entry(WEB, List.of("#31=1@" + WEB)));

        // then the OMS reserves the STORE part too: each location's SET lists its own unit
        shopifyReservation(EventType.RESERVATION_CREATED, "A", "store-1", -1, "#31", STORE);
        flush();
        control.pipeInput(
                null, new HardSyncRequest("hs-split-2", SHOP, List.of(STORE, WEB), List.of("A"), now(), "test"), now());
        reserved.clear();
        adjustments
                .readValuesToList()
                .forEach(b -> b.getChanges()
                        .forEach(c -> reserved.put(
                                b.getShopifyLocationId(),
                                c.getReservedOrders().stream()
                                        .map(r -> r.getShopifyOrderId() + "=" + r.getUnits() + "@"
                                                + r.getShopifyLocationId())
                                        .toList())));
        assertThat(reserved)
                .containsOnly(Map.entry(STORE, List.of("#31=1@" + STORE)), Map.entry(WEB, List.of("#31=1@" + WEB)));
    }

    @Test
    void shouldSetANewLocationsFirstValuesInsteadOfPushingThemAsDeltas() {
        start(Settings.SyncMode.VARIANCE);
        String late = "gid://shopify/Location/9";
        send(event(EventType.RECEIPT, "A", "store-1", 5, 5));
        flush();
        shopifyReservation(
                EventType.RESERVATION_CREATED, "A", "store-1", -1, "#9", late); // Shopify took it at L9: 5 → 4 there
        flush();
        assertThat(flush()).isEmpty();

        mappings.pipeInput(late, new LocationMapping(late, SHOP, List.of("store-1"), null, null), now());

        // Shopify already holds a level at L9 (4 after the order): the first value is a scoped, order-aware set, not
        // +4 online ATP and +1 compensation pushed as +5 onto it.
        List<AdjustmentBatch> out = adjustments.readValuesToList();
        out.addAll(flush());
        assertThat(out)
                .filteredOn(b -> b.getShopifyLocationId().equals(late))
                .singleElement()
                .satisfies(b -> {
                    assertThat(b.getKind()).isEqualTo(AdjustmentKind.SET);
                    assertThat(b.getChanges()).singleElement().satisfies(c -> {
                        assertThat(c.getOnlineAtp()).isEqualTo(4L);
                        assertThat(c.getReservedOrders())
                                .extracting(r -> r.getShopifyOrderId() + "=" + r.getUnits())
                                .containsExactly("#9=1");
                    });
                });
    }

    @Test
    void shouldRebuildWithoutPushingHistoryAgainThenHardSyncAndCarryOn() {
        start(Settings.SyncMode.VARIANCE, Map.of(0, 3L)); // the history: offsets 0, 1, 2
        send(event(EventType.RECEIPT, "A", "store-1", 5, 5));
        send(event(EventType.RECEIPT, "B", "store-1", 7, 7));
        assertThat(flush()).as("no variance for history Shopify already got").isEmpty();

        send(event(EventType.POS_SALE, "A", "store-1", -1, -1)); // offset 2: caught up
        List<AdjustmentBatch> cut = flush();
        assertThat(cut).isNotEmpty().allSatisfy(b -> {
            assertThat(b.getKind()).isEqualTo(AdjustmentKind.SET);
            assertThat(b.getHardSyncRequestId()).startsWith("rebuild-e0-");
        });
        assertThat(cut)
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> assertThat(changes(b)).containsOnly(Map.entry("A", 4L), Map.entry("B", 7L)));

        send(event(EventType.DAMAGED, "B", "store-1", -1, -1)); // live again: a variance
        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> assertThat(changes(b)).containsExactly(Map.entry("B", -1L)));
    }

    /**
     * Issue "A real retailer's catalogue", requirement 4: the rows of a reset file at catalogue scale carry the hard
     * sync that will settle them, so they make no variance of their own; the hard sync sets Shopify to their result,
     * and live events after it are deltas again.
     */
    @Test
    void shouldApplyASettledResetWithoutVariancesAndLetItsHardSyncSetTheResult() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 3, 3));
        assertThat(flush()).isNotEmpty();
        for (InventoryEvent e :
                List.of(event(EventType.RESET, "A", "store-1", 0, 0), event(EventType.RESET, "B", "wh-1", 0, 0))) {
            e.setSetQoh(e.getSku().equals("A") ? 9L : 4L);
            var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            headers.add(io.atpsync.schemas.EventHeaders.SETTLED_BY, "reset-1".getBytes(StandardCharsets.UTF_8));
            events.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(e.getSku(), e, headers, now()));
        }
        assertThat(flush()).as("a settled row makes no variance").isEmpty();

        control.pipeInput(
                "reset-1", new HardSyncRequest("reset-1", SHOP, List.of(), List.of(), now(), "import"), now());
        List<AdjustmentBatch> set = flush();
        assertThat(set).isNotEmpty().allSatisfy(b -> assertThat(b.getKind()).isEqualTo(AdjustmentKind.SET));
        assertThat(set)
                .filteredOn(b -> b.getShopifyLocationId().equals(WEB))
                .singleElement()
                .satisfies(b -> assertThat(changes(b)).containsOnly(Map.entry("A", 9L), Map.entry("B", 4L)));

        send(event(EventType.POS_SALE, "A", "store-1", -1, -1));
        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> assertThat(changes(b)).containsExactly(Map.entry("A", -1L)));
    }

    @Test
    void shouldPushOnlyWhatCrossesTheThreshold() {
        start(Settings.SyncMode.VARIANCE);
        thresholds.pipeInput("A", new ProductThreshold("A", null, 3L), T0);
        send(event(EventType.RECEIPT, "A", "store-1", 4, 4)); // online 1
        flush();
        send(event(EventType.POS_SALE, "A", "store-1", -2, -2)); // 2 on hand, online 0

        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> assertThat(changes(b)).containsExactly(Map.entry("A", -1L)));
    }

    @Test
    void shouldPushTheSafetyStockClampButNotBelowZero() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 5, 5));
        flush();
        productFacility.pipeInput("A|store-1", new ProductFacility("A", "store-1", 8L, true), now());

        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> assertThat(changes(b)).containsExactly(Map.entry("A", -5L)));
    }

    @Test
    void shouldTakeAFacilitySwitchedOffOnlineOutOfEveryLocationItServes() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 5, 5));
        send(event(EventType.RECEIPT, "A", "wh-1", 7, 7));
        flush();
        facilities.pipeInput("wh-1", new Facility("wh-1", "wh-1", "WAREHOUSE", false), now());

        assertThat(flush()).singleElement().satisfies(b -> {
            assertThat(b.getShopifyLocationId()).isEqualTo(WEB);
            assertThat(b.getReason()).isEqualTo("correction");
            assertThat(changes(b)).containsExactly(Map.entry("A", -7L));
        });
    }

    @Test
    void shouldFlushAnIdleWindowByWallClockWithoutNewTraffic() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 5, 5));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(adjustments.isEmpty()).as("the window is still open").isTrue();

        driver.advanceWallClockTime(WINDOW);

        assertThat(adjustments.readValuesToList()).hasSize(2); // STORE and WEB
    }

    @Test
    void shouldSendNoBatchForAWindowThatSumsToZero() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.ADJUSTMENT, "A", "store-1", 3, 3));
        send(event(EventType.ADJUSTMENT, "A", "store-1", -3, -3));
        assertThat(flush()).isEmpty();
    }

    @Test
    void shouldHoldAnUnmappedSkuUntilTheCatalogKnowsIt() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "NEW", "store-1", 3, 3));
        assertThat(flush()).isEmpty();

        catalog.pipeInput(SHOP + "|NEW", new CatalogItem(SHOP, "NEW", item("NEW"), null, null), now());

        assertThat(flush())
                .hasSize(2)
                .allSatisfy(b -> assertThat(b.getChanges()).singleElement().satisfies(c -> {
                    assertThat(c.getInventoryItemId()).isEqualTo(item("NEW"));
                    assertThat(c.getQuantity()).isEqualTo(3);
                }));
    }

    @Test
    void shouldSplitAWindowIntoBatchesOfAtMost250WithUniqueDeterministicIds() {
        start(Settings.SyncMode.VARIANCE);
        for (int i = 0; i < 600; i++) {
            String sku = "S" + i;
            catalog.pipeInput(SHOP + "|" + sku, new CatalogItem(SHOP, sku, item(sku), null, null), T0);
            send(event(EventType.RECEIPT, sku, "store-1", 1, 1));
        }
        List<AdjustmentBatch> batches = flush();

        assertThat(batches)
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .extracting(b -> b.getChanges().size())
                .containsExactly(250, 250, 100);
        assertThat(batches)
                .extracting(AdjustmentBatch::getBatchId)
                .doesNotHaveDuplicates()
                .allMatch(id -> id.matches("atp-sync-e0-i[0-9a-f]{8}-p0-\\d+"));
        assertThat(batches).allSatisfy(b -> assertThat(b.getReason()).isEqualTo("received"));
    }

    @Test
    void shouldNotLoseAVarianceWhenThisInstancesClockIsBehindTheOneThatFlushed() {
        start(Settings.SyncMode.VARIANCE);
        flush();
        // The task ran on an instance whose clock was 3 windows ahead: it persisted flushed-up-to there.
        long ahead = driver.<String, Long>getKeyValueStore(AtpStores.PUSH_STATE).get(ShopifyPushProcessor.FLUSHED_UP_TO)
                + 3 * WINDOW.toMillis();
        driver.<String, Long>getKeyValueStore(AtpStores.PUSH_STATE).put(ShopifyPushProcessor.FLUSHED_UP_TO, ahead);
        send(event(EventType.RECEIPT, "A", "store-1", 3, 3));

        List<AdjustmentBatch> pushed = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pushed.addAll(flush());
        }
        assertThat(pushed)
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> {
                    assertThat(changes(b)).containsExactly(Map.entry("A", 3L));
                    assertThat(b.getWindowStart().toEpochMilli()).isGreaterThanOrEqualTo(ahead);
                });
    }

    @Test
    void shouldSetASkuWhoseInventoryItemChangedInsteadOfPushingADeltaOntoTheNewItem() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 6, 6));
        flush();
        String replaced = "gid://shopify/InventoryItem/777";
        catalog.pipeInput(SHOP + "|A", new CatalogItem(SHOP, "A", replaced, null, null), now());

        assertThat(adjustments.readValuesToList()).isNotEmpty().allSatisfy(b -> {
            assertThat(b.getKind()).isEqualTo(AdjustmentKind.SET);
            assertThat(b.getChanges()).singleElement().satisfies(c -> {
                assertThat(c.getInventoryItemId()).isEqualTo(replaced);
                assertThat(c.getOnlineAtp()).isEqualTo(6L);
            });
        });
    }

    @Test
    void shouldNeverRepeatABatchIdAfterAnApplicationReset() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 2, 2));
        List<String> before = flush().stream().map(AdjustmentBatch::getBatchId).toList();
        driver.close();

        start(Settings.SyncMode.VARIANCE); // reset: state gone, the sequence starts at 1 again
        send(event(EventType.RECEIPT, "A", "store-1", 2, 2));
        List<String> after = flush().stream().map(AdjustmentBatch::getBatchId).toList();

        assertThat(before).isNotEmpty();
        assertThat(after).isNotEmpty().doesNotContainAnyElementsOf(before);
        assertThat(after.get(0).replaceAll("-i[0-9a-f]{8}-", "-"))
                .as("same sequence, new incarnation")
                .isEqualTo(before.get(0).replaceAll("-i[0-9a-f]{8}-", "-"));
    }

    private InventoryEvent at(EventType type, String sku, String facility, long qoh, long atp, Instant occurredAt) {
        InventoryEvent e = event(type, sku, facility, qoh, atp);
        e.setOccurredAt(occurredAt);
        return e;
    }

    @Test
    void shouldCompensateAShopifyReservationEvenWhenACountAlreadyHoldsIt() {
        start(Settings.SyncMode.VARIANCE);
        send(at(EventType.RECEIPT, "A", "store-1", 10, 10, T0.minusSeconds(60)));
        flush(); // Shopify 10
        shopifyOrder("#501", "A", 2, STORE, ShopifyOrderStatus.CREATED); // Shopify 8
        InventoryEvent reset = at(EventType.RESET, "A", "store-1", 0, 0, T0.minusSeconds(10));
        reset.setSetAtp(8L); // the count saw the reservation
        send(reset);
        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> assertThat(changes(b)).containsExactly(Map.entry("A", -2L))); // Shopify 6 for now
        InventoryEvent reservation = at(EventType.RESERVATION_CREATED, "A", "store-1", 0, -2, T0.minusSeconds(20));
        reservation.setOrderId("#501");
        reservation.setOrderChannel("SHOPIFY");
        reservation.setShopifyLocationId(STORE);
        send(reservation); // dated before the count, arriving after it

        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> assertThat(changes(b)).containsExactly(Map.entry("A", 2L))); // Shopify 8, not 6
        control.pipeInput(
                null, new HardSyncRequest("hs-501", SHOP, List.of(STORE), List.of("A"), now(), "test"), now());
        assertThat(adjustments.readValuesToList())
                .singleElement()
                .satisfies(b -> assertThat(b.getChanges().get(0).getReservedOrders())
                        .extracting(r -> r.getShopifyOrderId() + "=" + r.getUnits())
                        .containsExactly("#501=2")); // no longer pending
    }

    /**
     * README: results do not depend on how inputs interleave. The same events (dated within the last hour, one count
     * among them, Shopify orders for the SHOPIFY-channel reservations placed first) in random arrival orders end with
     * the same online ATP, and Shopify (what was pushed, minus what the orders took) showing it.
     */
    @Test
    void shouldEndInTheSameOnlineAtpAndShopifyLevelWhateverOrderEventsArriveIn() {
        for (long seed = 1; seed <= 12; seed++) {
            java.util.Random random = new java.util.Random(seed);
            List<InventoryEvent> multiset = new java.util.ArrayList<>();
            long orderedUnits = 0;
            multiset.add(at(EventType.RECEIPT, "A", "store-1", 30, 30, T0.minusSeconds(3_600)));
            for (int i = 0; i < 14; i++) {
                Instant when = T0.minusSeconds(3_500 - random.nextInt(3_400));
                int q = 1 + random.nextInt(3);
                InventoryEvent e = switch (random.nextInt(5)) {
                    case 0 -> at(EventType.RECEIPT, "A", "store-1", q, q, when);
                    case 1 -> at(EventType.POS_SALE, "A", "store-1", -q, -q, when);
                    case 2 -> at(EventType.FULFILLED, "A", "store-1", -q, 0, when);
                    default -> {
                        InventoryEvent r = at(EventType.RESERVATION_CREATED, "A", "store-1", 0, -q, when);
                        r.setOrderId("#9" + i);
                        r.setOrderChannel("SHOPIFY");
                        r.setShopifyLocationId(STORE);
                        yield r;
                    }
                };
                multiset.add(e);
            }
            InventoryEvent count = at(
                    random.nextBoolean() ? EventType.CYCLE_COUNT : EventType.RESET,
                    "A",
                    "store-1",
                    0,
                    0,
                    T0.minusSeconds(3_000 - random.nextInt(2_800)));
            count.setSetQoh((long) (20 + random.nextInt(20)));
            if (random.nextBoolean()) {
                count.setSetAtp((long) (10 + random.nextInt(10)));
            }
            multiset.add(count);
            for (InventoryEvent e : multiset) {
                if ("SHOPIFY".equals(e.getOrderChannel())) {
                    orderedUnits += -e.getAtpDiff();
                }
            }
            Long expectedAtp = null;
            Long expectedShopify = null;
            for (int shuffle = 0; shuffle < 3; shuffle++) {
                List<InventoryEvent> arrival = new java.util.ArrayList<>(multiset);
                java.util.Collections.shuffle(arrival, random);
                start(Settings.SyncMode.VARIANCE);
                long pushed = 0;
                for (InventoryEvent e : arrival) {
                    send(InventoryEvent.newBuilder(e).build());
                }
                for (int f = 0; f < 3; f++) {
                    pushed += flush().stream()
                            .filter(b -> b.getShopifyLocationId().equals(STORE))
                            .mapToLong(b -> changes(b).getOrDefault("A", 0L))
                            .sum();
                }
                OnlineAtp atp = driver.<StoreKeys.SkuAtLocation, OnlineAtp>getKeyValueStore(AtpStores.ONLINE)
                        .get(new StoreKeys.SkuAtLocation("A", STORE));
                long online = atp == null ? 0 : atp.getOnlineAtp();
                long shopify = pushed - orderedUnits;
                String where = "seed " + seed + " shuffle " + shuffle;
                assertThat(shopify).as(where + ": Shopify shows online ATP").isEqualTo(online);
                if (expectedAtp == null) {
                    expectedAtp = online;
                    expectedShopify = shopify;
                }
                assertThat(online).as(where).isEqualTo(expectedAtp);
                assertThat(shopify).as(where).isEqualTo(expectedShopify);
                driver.close();
            }
            start(Settings.SyncMode.VARIANCE); // for tearDown
        }
    }

    @Test
    void shouldNotUndoACompensationAHardSyncHasAlreadySetOver() {
        start(Settings.SyncMode.VARIANCE);
        send(event(EventType.RECEIPT, "A", "store-1", 10, 10));
        flush();
        shopifyOrder("#601", "A", 2, null, ShopifyOrderStatus.CREATED);
        shopifyReservation(EventType.RESERVATION_CREATED, "A", "store-1", -2, "#601", STORE);
        shopifyReservation(
                EventType.RESERVATION_RELEASED, "A", "store-1", 2, "#601", STORE); // cancelled on Shopify; webhook late
        flush();
        control.pipeInput(
                null, new HardSyncRequest("hs-601", SHOP, List.of(STORE), List.of("A"), now(), "test"), now());
        assertThat(adjustments.readValuesToList())
                .singleElement()
                .satisfies(b -> assertThat(b.getChanges().get(0).getReservedOrders())
                        .extracting(r -> r.getShopifyOrderId() + "=" + r.getUnits() + "+" + r.getReleased())
                        .containsExactly("#601=0+2"));
        // the late webhook: cancelled without restock. The SET took Shopify's count as it was: nothing is pushed now.
        shopifyCancel("#601", "A", 2, false);

        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .isEmpty();
    }

    // ---- a store that publishes on hand (issue 20, requirement 3) -------------------------------------

    /**
     * STORE runs Shopify POS and publishes on hand; WEB (store-1 and wh-1) publishes online ATP. Shopify's documented
     * model: on_hand = available + committed + unavailable, and an order placed there moves available and committed,
     * not on_hand; fulfilling it takes it out of committed and on_hand (shopify.dev, inventory states).
     */
    @Test
    void shouldPublishQuantityOnHandAtAnOnHandStoreAndNeverAnAtpTargetThere() {
        start(Settings.SyncMode.VARIANCE);
        mappings.pipeInput(STORE, new LocationMapping(STORE, SHOP, List.of("store-1"), null, "on_hand"), now());
        adjustments.readValuesToList(); // the switch's scoped set (nothing held yet)
        send(event(EventType.RECEIPT, "A", "store-1", 10, 10));
        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> {
                    assertThat(b.getQuantityName()).isEqualTo("on_hand");
                    assertThat(changes(b)).containsEntry("A", 10L);
                });

        // A web order routed to the store: Shopify committed it; the OMS reserves 2 with SHOPIFY as the channel.
        shopifyReservation(EventType.RESERVATION_CREATED, "A", "store-1", -2, "5001", STORE);
        send(event(EventType.DAMAGED, "A", "store-1", -1, -1)); // a damage: on hand 9
        List<AdjustmentBatch> pushed = flush();
        assertThat(pushed)
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .singleElement()
                .satisfies(b -> assertThat(changes(b))
                        .as("the damage only: the reservation moves no on hand")
                        .containsEntry("A", -1L));
        List<AdjustmentBatch> web = pushed.stream()
                .filter(b -> b.getShopifyLocationId().equals(WEB))
                .toList();
        assertThat(web).allSatisfy(b -> assertThat(b.getQuantityName()).isNull());
        assertThat(web.stream().mapToLong(b -> changes(b).get("A")).sum())
                .as("online ATP 10 → 7 at the web location (one batch per reason)")
                .isEqualTo(-3L);

        // The order ships from the store: Shopify took it out of on_hand itself when it fulfilled it.
        InventoryEvent shipped = event(EventType.FULFILLED, "A", "store-1", -2, 0);
        shipped.setOrderId("5001");
        shipped.setOrderChannel("SHOPIFY");
        shipped.setShopifyLocationId(STORE);
        send(shipped);
        assertThat(flush())
                .filteredOn(b -> b.getShopifyLocationId().equals(STORE))
                .isEmpty();

        control.pipeInput(
                null, new HardSyncRequest("hs-onhand", SHOP, List.of(STORE, WEB), List.of("A"), now(), "test"), now());
        Map<String, AdjustmentBatch> cut = adjustments.readValuesToList().stream()
                .collect(java.util.stream.Collectors.toMap(AdjustmentBatch::getShopifyLocationId, b -> b));
        assertThat(cut.get(STORE).getQuantityName()).isEqualTo("on_hand");
        assertThat(cut.get(STORE).getChanges()).singleElement().satisfies(c -> {
            assertThat(c.getQuantity())
                    .as("on hand 10 - 1 - 2, no orders taken off")
                    .isEqualTo(7L);
            assertThat(c.getReservedOrders()).isEmpty();
        });
        assertThat(cut.get(WEB).getQuantityName())
                .as("the web location keeps its ATP target")
                .isNull();
        assertThat(cut.get(WEB).getChanges().get(0).getOnlineAtp()).isEqualTo(7L);
    }
}
