package io.atpsync.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.schemas.EventType;
import io.atpsync.schemas.Facility;
import io.atpsync.schemas.FacilityContribution;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.OnlineAtp;
import io.atpsync.schemas.ProductFacility;
import io.atpsync.schemas.ProductThreshold;
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
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stories of the online ATP topology, each input with an explicit time. L1 is an aggregate online location (store-1,
 * store-2, warehouse, queue); L2 is store-2 alone.
 */
class AtpTopologyTest {

    /** Each driver's state directory, under one JUnit removes after the test. */
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;

    static final String L1 = "gid://shopify/Location/1";
    static final String L2 = "gid://shopify/Location/2";
    static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

    private final Topics topics = Topics.DEFAULT;
    private TopologyTestDriver driver;
    private TestInputTopic<String, InventoryEvent> events;
    private TestInputTopic<String, byte[]> rawEvents;
    private TestInputTopic<String, Facility> facilities;
    private TestInputTopic<String, ProductFacility> productFacility;
    private TestInputTopic<String, LocationMapping> mappings;
    private TestInputTopic<String, ProductThreshold> thresholds;
    private TestInputTopic<String, io.atpsync.schemas.FacilityShare> shares;
    private TestInputTopic<String, io.atpsync.schemas.Kit> kits;
    private TestOutputTopic<String, OnlineAtp> online;
    private TestOutputTopic<String, byte[]> dlq;
    private int eventSeq;
    private Map<String, Object> serde;

    @BeforeEach
    void setUp() {
        serde = Map.of(RegistryClientConfig.URL, "mock://atp-" + UUID.randomUUID());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "atp-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir.resolve("atp-ttd-" + UUID.randomUUID()).toString());
        driver = new TopologyTestDriver(AtpTopology.build(topics, Settings.defaults(1, serde)), props, T0);
        StringSerializer s = new StringSerializer();
        events = driver.createInputTopic(
                topics.inventoryEvents().name(),
                s,
                topics.inventoryEvents().valueSerde(serde).serializer());
        rawEvents = driver.createInputTopic(topics.inventoryEvents().name(), s, new ByteArraySerializer());
        facilities = driver.createInputTopic(
                topics.facilities().name(),
                s,
                topics.facilities().valueSerde(serde).serializer());
        productFacility = driver.createInputTopic(
                topics.productFacility().name(),
                s,
                topics.productFacility().valueSerde(serde).serializer());
        mappings = driver.createInputTopic(
                topics.locationMappings().name(),
                s,
                topics.locationMappings().valueSerde(serde).serializer());
        thresholds = driver.createInputTopic(
                topics.thresholds().name(),
                s,
                topics.thresholds().valueSerde(serde).serializer());
        shares = driver.createInputTopic(
                topics.facilityShares().name(),
                s,
                topics.facilityShares().valueSerde(serde).serializer());
        kits = driver.createInputTopic(
                topics.kits().name(), s, topics.kits().valueSerde(serde).serializer());
        online = driver.createOutputTopic(
                topics.onlineAtp().name(),
                new StringDeserializer(),
                topics.onlineAtp().valueSerde(serde).deserializer());
        dlq = driver.createOutputTopic(
                topics.dlq(topics.inventoryEvents()), new StringDeserializer(), new ByteArrayDeserializer());

        for (String f : List.of("store-1", "store-2", "wh-1")) {
            facility(f, true);
        }
        facility("queue", false);
        mapping(L1, List.of("store-1", "store-2", "wh-1"), "queue");
        mapping(L2, List.of("store-2"), null);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    // ---- inputs -------------------------------------------------------------------------------

    private void facility(String id, boolean sellsOnline) {
        facilities.pipeInput(id, new Facility(id, id, "STORE", sellsOnline), T0);
    }

    private void mapping(String location, List<String> facilityIds, String queue) {
        mappings.pipeInput(location, new LocationMapping(location, "demo.myshopify.com", facilityIds, queue, null), T0);
    }

    private void settings(String sku, String facility, long safetyStock, boolean allowOnline, Duration at) {
        productFacility.pipeInput(
                sku + "|" + facility, new ProductFacility(sku, facility, safetyStock, allowOnline), T0.plus(at));
    }

    private InventoryEvent event(EventType type, String sku, String facility, long qoh, long atp, Duration at) {
        return InventoryEvent.newBuilder()
                .setEventId("e" + (++eventSeq))
                .setSource("TEST")
                .setType(type)
                .setSku(sku)
                .setFacilityId(facility)
                .setQohDiff(qoh)
                .setAtpDiff(atp)
                .setOccurredAt(T0.plus(at))
                .build();
    }

    /** The event arrives at T0 + arrival, by the record's timestamp and by this instance's wall clock. */
    private void send(InventoryEvent e, Duration arrival) {
        if (arrival.compareTo(clock) > 0) {
            driver.advanceWallClockTime(arrival.minus(clock));
            clock = arrival;
        }
        events.pipeInput(e.getSku(), e, T0.plus(arrival));
    }

    private Duration clock = Duration.ZERO;

    private void receive(String sku, String facility, long qty, Duration at) {
        send(event(EventType.RECEIPT, sku, facility, qty, qty, at), at);
    }

    /** The latest online ATP per output key, after draining the output topic. */
    private Map<String, Long> latest() {
        return online.readKeyValuesToMap().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getOnlineAtp()));
    }

    private static Duration min(long m) {
        return Duration.ofMinutes(m);
    }

    // ---- stories ------------------------------------------------------------------------------

    @Test
    void shouldSumStoresIntoTheAggregateLocationAndKeepTheStoreLocationToItsStore() {
        receive("A", "store-1", 5, min(1));
        receive("A", "store-2", 3, min(2));

        assertThat(latest()).containsEntry(L1 + "|A", 8L).containsEntry(L2 + "|A", 3L);
    }

    @Test
    void shouldSubtractSafetyStockAndFloorEachFacilityAtZero() {
        receive("A", "store-1", 5, min(1));
        receive("A", "store-2", 3, min(1));
        settings("A", "store-1", 2, true, min(2));
        settings("A", "store-2", 9, true, min(3));

        assertThat(latest()).containsEntry(L1 + "|A", 3L).containsEntry(L2 + "|A", 0L);
    }

    @Test
    void shouldExcludeAFacilityWhereTheSkuIsNotAllowedOnlineAndSayWhy() {
        receive("A", "store-1", 5, min(1));
        receive("A", "wh-1", 7, min(1));
        online.readRecordsToList();
        settings("A", "wh-1", 0, false, min(2));

        OnlineAtp atp = online.readValue();
        assertThat(atp.getOnlineAtp()).isEqualTo(5);
        assertThat(atp.getFacilities())
                .as("published lean: the breakdown is computed on query")
                .isEmpty();
        List<FacilityContribution> breakdown = FacilityBreakdown.query(
                driver.getKeyValueStore(AtpStores.POSITIONS),
                driver.getKeyValueStore(AtpStores.MAPPINGS),
                driver.getKeyValueStore(AtpStores.FACILITIES),
                driver.getKeyValueStore(AtpStores.FACILITY_SHARES),
                "A",
                atp.getShopifyLocationId(),
                atp);
        assertThat(breakdown)
                .extracting(FacilityContribution::getFacilityId, FacilityContribution::getContribution)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("store-1", 5L),
                        org.assertj.core.groups.Tuple.tuple("wh-1", 0L));
        assertThat(breakdown)
                .filteredOn(f -> f.getFacilityId().equals("wh-1"))
                .extracting(FacilityContribution::getExcludedBecause)
                .containsExactly("SKU not allowed online at this facility");
        assertThat(atp.getCause()).isEqualTo("product-facility:A|wh-1");
    }

    @Test
    void shouldApplyTheLocationThresholdOverTheSkuThreshold() {
        receive("A", "store-2", 10, min(1));
        thresholds.pipeInput("A", new ProductThreshold("A", null, 4L), T0.plus(min(2)));
        assertThat(latest()).containsEntry(L1 + "|A", 6L).containsEntry(L2 + "|A", 6L);

        thresholds.pipeInput("A|" + L2, new ProductThreshold("A", L2, 1L), T0.plus(min(3)));
        assertThat(latest()).containsOnlyKeys(L2 + "|A").containsEntry(L2 + "|A", 9L);

        thresholds.pipeInput("A|" + L2, null, T0.plus(min(4)));
        assertThat(latest()).containsEntry(L2 + "|A", 6L);
    }

    @Test
    void shouldSubtractOrdersWaitingInTheQueueFacility() {
        receive("A", "store-1", 10, min(1));
        send(event(EventType.RESERVATION_CREATED, "A", "queue", 0, -3, min(2)), min(2));

        assertThat(latest()).containsEntry(L1 + "|A", 7L);
    }

    @Test
    void shouldFanOutAFacilitySwitchedOffOnlineToEverySkuStockedThere() {
        receive("A", "store-2", 4, min(1));
        receive("B", "store-2", 6, min(1));
        receive("C", "store-1", 1, min(1));
        online.readRecordsToList();

        facility("store-2", false);

        assertThat(latest())
                .containsOnly(
                        Map.entry(L1 + "|A", 0L),
                        Map.entry(L2 + "|A", 0L),
                        Map.entry(L1 + "|B", 0L),
                        Map.entry(L2 + "|B", 0L));
    }

    @Test
    void shouldFollowALocationGainingAndLosingAFacility() {
        receive("A", "store-1", 5, min(1));
        receive("A", "store-2", 3, min(1));
        online.readRecordsToList();

        mapping(L2, List.of("store-2", "store-1"), null);
        assertThat(latest()).containsOnly(Map.entry(L2 + "|A", 8L));

        mapping(L1, List.of("store-1"), "queue");
        assertThat(latest()).containsOnly(Map.entry(L1 + "|A", 5L));
    }

    @Test
    void shouldShowAnInboundShipmentAsIncomingWithoutCountingItUntilReceived() {
        receive("SKU-S", "store-2", 4, min(1));
        online.readKeyValuesToMap();
        TestInputTopic<String, io.atpsync.schemas.InboundShipmentLine> shipments = driver.createInputTopic(
                topics.shipments().name(),
                new StringSerializer(),
                topics.shipments().valueSerde(serde).serializer());
        var line = new io.atpsync.schemas.InboundShipmentLine("TO-1", "store-2", "SKU-S", 10L, 0L, List.of(), null, T0);

        shipments.pipeInput("TO-1|store-2|SKU-S", line, T0.plus(min(2)));
        Map<String, OnlineAtp> shown = online.readKeyValuesToMap();
        assertThat(shown.get(L2 + "|SKU-S").getIncoming()).isEqualTo(10);
        assertThat(shown.get(L2 + "|SKU-S").getOnlineAtp()).isEqualTo(4); // not counted
        assertThat(shown.get(L1 + "|SKU-S").getIncoming()).isEqualTo(10); // L1 holds store-2 too

        shipments.pipeInput(
                "TO-1|store-2|SKU-S",
                io.atpsync.schemas.InboundShipmentLine.newBuilder(line)
                        .setReceivedQuantity(6)
                        .build(),
                T0.plus(min(3)));
        assertThat(online.readKeyValuesToMap().get(L2 + "|SKU-S").getIncoming()).isEqualTo(4);
        shipments.pipeInput("TO-1|store-2|SKU-S", null, T0.plus(min(4))); // a tombstone ends the line
        assertThat(online.readKeyValuesToMap().get(L2 + "|SKU-S").getIncoming()).isZero();
    }

    @Test
    void shouldSumIncomingPerLocationOverItsOwnFacilitiesOnly() {
        receive("SKU-S", "store-1", 1, min(1));
        receive("SKU-S", "store-2", 1, min(1));
        TestInputTopic<String, io.atpsync.schemas.InboundShipmentLine> shipments = driver.createInputTopic(
                topics.shipments().name(),
                new StringSerializer(),
                topics.shipments().valueSerde(serde).serializer());
        record Line(String shipment, String facility, long expected, long received) {}
        for (Line l : List.of(
                new Line("TO-1", "store-2", 10, 0),
                new Line("TO-2", "store-2", 7, 2),
                new Line("TO-3", "store-1", 5, 0),
                new Line("TO-4", "store-9", 100, 0))) { // store-9 is in no location
            shipments.pipeInput(
                    l.shipment() + "|" + l.facility() + "|SKU-S",
                    new io.atpsync.schemas.InboundShipmentLine(
                            l.shipment(), l.facility(), "SKU-S", l.expected(), l.received(), List.of(), null, T0),
                    T0.plus(min(2)));
        }
        Map<String, OnlineAtp> shown = online.readKeyValuesToMap();
        assertThat(shown.get(L2 + "|SKU-S").getIncoming()).isEqualTo(10 + 5); // store-2 only
        assertThat(shown.get(L1 + "|SKU-S").getIncoming()).isEqualTo(10 + 5 + 5); // store-1, store-2 (and wh-1: none)
        assertThat(shown.get(L1 + "|SKU-S").getOnlineAtp()).isEqualTo(2); // never counted
    }

    @Test
    void shouldEmitNothingWhenNothingChanged() {
        receive("A", "store-1", 5, min(1));
        online.readRecordsToList();

        settings("A", "store-1", 0, true, min(2)); // the defaults: no change
        receive("A", "elsewhere", 9, min(3)); // a facility of no location

        assertThat(online.isEmpty()).isTrue();
    }

    @Test
    void shouldIgnoreADuplicateEventId() {
        InventoryEvent receipt = event(EventType.RECEIPT, "A", "store-1", 5, 5, min(1));
        send(receipt, min(1));
        send(receipt, min(30));

        assertThat(online.readValuesToList())
                .extracting(OnlineAtp::getOnlineAtp)
                .containsExactly(5L);
    }

    @Test
    void shouldApplyAPosSaleThatArrivesLateLikeAnyOther() {
        receive("A", "store-1", 5, min(1));
        InventoryEvent sale = event(
                EventType.POS_SALE,
                "A",
                "store-1",
                -1,
                -1,
                Duration.ofHours(3).plusMinutes(59).plusSeconds(59));
        send(sale, Duration.ofHours(4).plusSeconds(1));

        assertThat(latest()).containsEntry(L1 + "|A", 4L);
    }

    @Test
    void shouldApplyACycleCountAsOfItsTimeWithLaterEventsOnTop() {
        receive("A", "store-1", 10, min(1));
        send(event(EventType.POS_SALE, "A", "store-1", -2, -2, min(50)), min(50)); // after the count, arrives first
        InventoryEvent count = event(EventType.CYCLE_COUNT, "A", "store-1", 0, 0, min(40));
        count.setSetQoh(30L);
        send(count, min(55)); // as of 0:40, arrives at 0:55
        send(event(EventType.DAMAGED, "A", "store-1", -1, -1, min(30)), min(60)); // before the count: superseded

        assertThat(latest()).containsEntry(L1 + "|A", 28L);
        org.apache.kafka.streams.state.KeyValueStore<StoreKeys.PositionDelta, long[]> deltas =
                driver.getKeyValueStore(AtpStores.POSITION_DELTAS);
        List<StoreKeys.PositionDelta> kept = new java.util.ArrayList<>();
        try (var it = deltas.all()) {
            it.forEachRemaining(kv -> kept.add(kv.key));
        }
        assertThat(kept)
                .as("only the delta after the count is kept individually")
                .containsExactly(new StoreKeys.PositionDelta(
                        "A", "store-1", T0.plus(min(50)).toEpochMilli()));
    }

    @Test
    void shouldSendBrokenEventsToTheDlqWithTheReasonAndKeepGoing() {
        send(event(EventType.RECEIPT, "A", "store-1", -5, -5, min(1)), min(1));
        rawEvents.pipeInput("A", "{\"sku\":\"A\"}".getBytes(StandardCharsets.UTF_8), T0.plus(min(2)));
        receive("A", "store-1", 3, min(3));

        List<TestRecord<String, byte[]>> letters = dlq.readRecordsToList();
        assertThat(letters).hasSize(2);
        assertThat(header(letters.get(0), DeadLetter.MESSAGE)).contains("RECEIPT requires diffs > 0");
        assertThat(header(letters.get(0), DeadLetter.TOPIC)).isEqualTo("inventory.events");
        assertThat(header(letters.get(0), DeadLetter.OFFSET)).isEqualTo("0");
        assertThat(header(letters.get(1), DeadLetter.MESSAGE)).contains("unknown magic byte 0x7b");
        assertThat(new String(letters.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("{\"sku\":\"A\"}");
        assertThat(latest()).containsEntry(L1 + "|A", 3L);
    }

    @Test
    void shouldRejectAnEventKeyedByAnythingButItsSku() {
        events.pipeInput("B", event(EventType.RECEIPT, "A", "store-1", 1, 1, min(1)), T0.plus(min(1)));
        assertThat(header(dlq.readRecord(), DeadLetter.MESSAGE)).contains("record key 'B' is not its sku 'A'");
    }

    private static String header(TestRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldDeadLetterAnEventDatedFarInTheFutureSoLaterCountsAreNotTooLate() {
        receive("A", "store-1", 5, min(1));
        send(
                event(EventType.RECEIPT, "A", "store-1", 100, 100, Duration.ofDays(365)),
                min(2)); // a year ahead of the clock
        InventoryEvent count = event(EventType.CYCLE_COUNT, "A", "store-1", 0, 0, min(3));
        count.setSetQoh(3L);
        send(count, min(3));

        assertThat(latest()).containsEntry(L1 + "|A", 3L); // the count applies: not "older than the history"
        List<TestRecord<String, byte[]>> letters = dlq.readRecordsToList();
        assertThat(letters)
                .singleElement()
                .satisfies(l -> assertThat(header(l, DeadLetter.MESSAGE)).contains("in the future"));
    }

    // ---- future-dated stock (issue 20, requirement 2): effectiveAt later than publication ---------------

    /**
     * A RECEIPT of {@code qty} at {@code facility} that occurred at {@code at} and takes effect at {@code effective}.
     */
    private InventoryEvent restock(String sku, String facility, long qty, Duration at, Duration effective) {
        InventoryEvent e = event(EventType.RECEIPT, sku, facility, qty, qty, at);
        e.setEffectiveAt(T0.plus(effective));
        return e;
    }

    private List<io.atpsync.streams.state.ScheduledChange> scheduledAt(String sku, String location) {
        return FacilityBreakdown.scheduled(
                driver.getKeyValueStore(AtpStores.SCHEDULED_BY_SKU),
                driver.getKeyValueStore(AtpStores.MAPPINGS),
                sku,
                location);
    }

    /** Moves this instance's wall clock to T0 + {@code to}, running the wall-clock punctuations on the way. */
    private void clockTo(Duration to) {
        driver.advanceWallClockTime(to.minus(clock));
        clock = to;
    }

    @Test
    void shouldHoldAScheduledRestockUntilItsTimeAndApplyItByWallClockWithNoOtherTraffic() {
        receive("A", "store-2", 5, min(1));
        online.readRecordsToList();
        send(restock("A", "store-2", 10, min(2), min(60)), min(2)); // a restock published now for 10:00

        assertThat(online.isEmpty()).as("nothing changes before its time").isTrue();
        assertThat(scheduledAt("A", L2)).singleElement().satisfies(c -> {
            assertThat(c.qohDiff()).isEqualTo(10);
            assertThat(c.facilityId()).isEqualTo("store-2");
            assertThat(c.effectiveAt()).isEqualTo(T0.plus(min(60)).toEpochMilli());
        });
        assertThat(scheduledAt("A", L1)).as("store-2 feeds the aggregate too").hasSize(1);

        clockTo(min(59));
        assertThat(online.isEmpty()).as("a minute early: still held").isTrue();

        clockTo(min(61)); // no input at all: the wall clock alone applies it
        assertThat(latest()).containsEntry(L2 + "|A", 15L).containsEntry(L1 + "|A", 15L);
        assertThat(scheduledAt("A", L2)).as("applied: no longer scheduled").isEmpty();
    }

    @Test
    void shouldApplyLateAndOutOfOrderSalesAroundAScheduledRestockInEventTime() {
        receive("A", "store-2", 5, min(1));
        send(restock("A", "store-2", 10, min(2), min(60)), min(2));
        send(event(EventType.POS_SALE, "A", "store-2", -1, -1, min(50)), min(55)); // before the restock: 5 - 1
        assertThat(latest()).containsEntry(L2 + "|A", 4L);

        clockTo(min(61));
        assertThat(latest()).containsEntry(L2 + "|A", 14L);

        // Sold at 09:30 on the till, sent at 11:10: applies in event time, before the restock; 14 - 2.
        send(event(EventType.POS_SALE, "A", "store-2", -2, -2, min(30)), min(70));
        assertThat(latest()).containsEntry(L2 + "|A", 12L);
    }

    @Test
    void shouldHoldTheSameScheduledEventOnceWhenItIsPublishedTwice() {
        InventoryEvent restock = restock("A", "store-2", 10, min(1), min(30));
        send(restock, min(1));
        send(restock, min(2)); // a producer retry
        assertThat(scheduledAt("A", L2)).hasSize(1);

        clockTo(min(31));
        assertThat(latest()).containsEntry(L2 + "|A", 10L);
    }

    @Test
    void shouldApplyAtOnceAnEventWhoseEffectiveTimeHasPassedWhenItArrives() {
        receive("A", "store-2", 5, min(1));
        InventoryEvent count = event(EventType.CYCLE_COUNT, "A", "store-2", 0, 0, min(2));
        count.setSetQoh(20L);
        count.setEffectiveAt(T0.plus(min(10))); // the count is valid from 09:10, and arrives at 09:20
        send(count, min(20));

        assertThat(latest()).containsEntry(L2 + "|A", 20L);
        assertThat(scheduledAt("A", L2)).isEmpty();
        // A sale at 09:05 (before the count took effect) is part of the count: superseded, no change.
        send(event(EventType.POS_SALE, "A", "store-2", -1, -1, min(5)), min(21));
        assertThat(online.isEmpty()).isTrue();
    }

    // ---- ring-fencing (issue 20, requirement 4): one warehouse behind two shops -----------------------

    static final String L3 = "gid://shopify/Location/3";
    static final String CA = "ca.myshopify.com";
    static final String US = "demo.myshopify.com";

    private void share(String facility, String shop, Integer percent, Long units, Duration at) {
        shares.pipeInput(
                facility + "|" + shop,
                new io.atpsync.schemas.FacilityShare(facility, shop, percent, units),
                T0.plus(at));
    }

    /** The Canada shop's location, fed by the same warehouse as the US shop's aggregate location L1. */
    private void canadaLocation() {
        mappings.pipeInput(L3, new LocationMapping(L3, CA, List.of("wh-1"), null, null), T0);
    }

    @Test
    void shouldSplitASharedWarehouseBetweenTwoShopsSoTogetherTheyNeverGetMoreThanItHas() {
        canadaLocation();
        receive("A", "wh-1", 10, min(1));
        assertThat(latest())
                .as("not ring-fenced: both shops are offered all 10 (the oversell this requirement removes)")
                .containsEntry(L1 + "|A", 10L)
                .containsEntry(L3 + "|A", 10L);

        share("wh-1", US, 60, null, min(2));
        share("wh-1", CA, null, null, min(3)); // Canada takes the remainder
        assertThat(latest()).containsEntry(L1 + "|A", 6L).containsEntry(L3 + "|A", 4L);

        send(event(EventType.POS_SALE, "A", "wh-1", -3, -3, min(4)), min(4)); // 7 left: 60% → 4, the rest 3
        assertThat(latest()).containsEntry(L1 + "|A", 4L).containsEntry(L3 + "|A", 3L);
    }

    @Test
    void shouldMoveEverySkuOfTheWarehouseWhenAShareChangesAndShowEachShopsShare() {
        canadaLocation();
        receive("A", "wh-1", 10, min(1));
        receive("B", "wh-1", 5, min(1));
        share("wh-1", US, null, null, min(2));
        share("wh-1", CA, null, 2L, min(2)); // a fixed 2 for Canada, the rest to the US
        assertThat(latest())
                .containsEntry(L1 + "|A", 8L)
                .containsEntry(L3 + "|A", 2L)
                .containsEntry(L1 + "|B", 3L)
                .containsEntry(L3 + "|B", 2L);

        OnlineAtp ca = driver.<StoreKeys.SkuAtLocation, OnlineAtp>getKeyValueStore(AtpStores.ONLINE)
                .get(new StoreKeys.SkuAtLocation("A", L3));
        List<FacilityContribution> breakdown = FacilityBreakdown.query(
                driver.getKeyValueStore(AtpStores.POSITIONS),
                driver.getKeyValueStore(AtpStores.MAPPINGS),
                driver.getKeyValueStore(AtpStores.FACILITIES),
                driver.getKeyValueStore(AtpStores.FACILITY_SHARES),
                "A",
                L3,
                ca);
        assertThat(breakdown).singleElement().satisfies(f -> {
            assertThat(f.getContribution()).isEqualTo(2);
            assertThat(f.getShareOf()).isEqualTo(10);
            assertThat(f.getShare()).isEqualTo("a fixed 2");
        });

        shares.pipeInput("wh-1|" + CA, null, T0.plus(min(3))); // Canada's share removed: it gets nothing
        assertThat(latest()).containsEntry(L1 + "|A", 10L).containsEntry(L3 + "|A", 0L);
        shares.pipeInput("wh-1|" + US, null, T0.plus(min(4))); // no share left: not ring-fenced any more
        assertThat(latest()).containsEntry(L3 + "|A", 10L).containsEntry(L3 + "|B", 5L);
    }

    // ---- kits and bundles (issue 20, requirement 1) ----------------------------------------------------

    /** GIFT = 2 × MUG + 1 × TEA. */
    private void giftSet(Duration at) {
        kits.pipeInput(
                "GIFT",
                new io.atpsync.schemas.Kit(
                        "GIFT",
                        List.of(
                                new io.atpsync.schemas.KitComponent("MUG", 2),
                                new io.atpsync.schemas.KitComponent("TEA", 1))),
                T0.plus(at));
    }

    @Test
    void shouldOfferAKitAsTheMinimumOfItsComponentsAndFollowEveryComponentChange() {
        receive("MUG", "store-2", 10, min(1));
        receive("TEA", "store-2", 3, min(1));
        giftSet(min(2)); // defined after its components: they hand it their values
        assertThat(latest()).containsEntry(L2 + "|GIFT", 3L).containsEntry(L1 + "|GIFT", 3L); // tea limits: 3

        receive("TEA", "store-2", 10, min(3)); // 13 tins: now the mugs limit, 10 / 2 = 5
        assertThat(latest()).containsEntry(L2 + "|GIFT", 5L);
        OnlineAtp gift = driver.<StoreKeys.SkuAtLocation, OnlineAtp>getKeyValueStore(AtpStores.ONLINE)
                .get(new StoreKeys.SkuAtLocation("GIFT", L2));
        assertThat(gift.getCause()).contains("limited by MUG");

        // A late POS sale of a mug (sold at 09:02, sent at 09:10): 9 mugs make 4 sets.
        send(event(EventType.POS_SALE, "MUG", "store-2", -1, -1, min(2)), min(10));
        assertThat(latest()).containsEntry(L2 + "|GIFT", 4L);
        io.atpsync.streams.atp.KitAtp explain = FacilityBreakdown.kit(
                driver.getKeyValueStore(AtpStores.KITS), driver.getKeyValueStore(AtpStores.KIT_PARTS), "GIFT", L2);
        assertThat(explain.limitedBy()).isEqualTo("MUG");
        assertThat(explain.parts())
                .extracting(io.atpsync.streams.atp.KitAtp.Part::sku, io.atpsync.streams.atp.KitAtp.Part::kits)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("MUG", 4L),
                        org.assertj.core.groups.Tuple.tuple("TEA", 13L));
    }

    @Test
    void shouldRecomputeAKitWhenItsDefinitionChangesAndRefuseStockEventsForTheKitItself() {
        receive("MUG", "store-2", 10, min(1));
        receive("TEA", "store-2", 3, min(1));
        giftSet(min(2));
        assertThat(latest()).containsEntry(L2 + "|GIFT", 3L);

        // The set becomes 5 mugs alone: the tea no longer counts.
        kits.pipeInput(
                "GIFT",
                new io.atpsync.schemas.Kit("GIFT", List.of(new io.atpsync.schemas.KitComponent("MUG", 5))),
                T0.plus(min(3)));
        assertThat(latest()).containsEntry(L2 + "|GIFT", 2L);

        send(event(EventType.RECEIPT, "GIFT", "store-2", 4, 4, min(4)), min(4));
        assertThat(header(dlq.readRecord(), DeadLetter.MESSAGE)).contains("GIFT is a kit");

        kits.pipeInput("GIFT", null, T0.plus(min(5))); // no longer a kit: nothing to offer from its components
        assertThat(latest()).containsEntry(L2 + "|GIFT", 0L);
    }
}
