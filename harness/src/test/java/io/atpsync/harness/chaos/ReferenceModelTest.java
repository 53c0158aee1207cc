package io.atpsync.harness.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferenceModelTest {

    private int n;

    private InventoryEvent event(EventType type, String facility, long qoh, long atp) {
        return InventoryEvent.newBuilder()
                .setEventId("e" + n++)
                .setSource("T")
                .setType(type)
                .setSku("A")
                .setFacilityId(facility)
                .setQohDiff(qoh)
                .setAtpDiff(atp)
                .setOccurredAt(Instant.ofEpochMilli(n))
                .build();
    }

    private ReferenceModel model() {
        return new ReferenceModel()
                .facility("W", true)
                .facility("S", true)
                .facility("X", false)
                .facility("Q", false)
                .location("L", List.of("W", "S", "X"), "Q");
    }

    @Test
    void designWorkedExampleOneEndsAtZero() {
        ReferenceModel m = model();
        m.apply(event(EventType.RECEIPT, "W", 5, 5));
        assertEquals(5, m.expectedShopify("L", "A"));
        m.shopifyOrder("L", "A", 4);
        assertEquals(1, m.expectedShopify("L", "A"));
        m.apply(event(EventType.DAMAGED, "W", -1, -1));
        assertEquals(0, m.expectedShopify("L", "A"));
        InventoryEvent reservation = event(EventType.RESERVATION_CREATED, "W", 0, -4);
        reservation.setOrderChannel("SHOPIFY");
        reservation.setShopifyLocationId("L");
        m.apply(reservation);
        assertEquals(0, m.onlineAtp("L", "A"));
        assertEquals(
                0, m.expectedShopify("L", "A"), "the reservation of orders Shopify already counted pushes nothing");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // case, receipt at W, receipt at S, receipt at X, safety at W, allow S, threshold, location threshold, queued,
        // expected
        "plain sum,                   10, 5, 0, 0, true,  0, -1, 0, 15",
        "excluded facility ignored,    10, 0, 7, 0, true,  0, -1, 0, 10",
        "safety stock kept back,       10, 5, 0, 3, true,  0, -1, 0, 12",
        "safety stock never below 0,   2,  5, 0, 3, true,  0, -1, 0, 5",
        "SKU not allowed online at S,  10, 5, 0, 0, false, 0, -1, 0, 10",
        "threshold for every location, 10, 5, 0, 0, true,  4, -1, 0, 11",
        "location threshold wins,      10, 5, 0, 0, true,  4, 6,  0, 9",
        "queue holds orders back,      10, 5, 0, 0, true,  0, -1, 3, 12",
        "never below 0,                1,  0, 0, 0, true,  4, -1, 3, 0",
    })
    void onlineAtpFollowsTheFormula(
            String name,
            long w,
            long s,
            long x,
            long safety,
            boolean allowS,
            long threshold,
            long locationThreshold,
            long queued,
            long expected) {
        ReferenceModel m = model();
        m.productFacility("A", "W", safety, true).productFacility("A", "S", 0, allowS);
        if (threshold > 0) {
            m.threshold("A", null, threshold);
        }
        if (locationThreshold >= 0) {
            m.threshold("A", "L", locationThreshold);
        }
        for (long[] r : new long[][] {{w, 0}, {s, 1}, {x, 2}}) {
            if (r[0] > 0) {
                m.apply(event(EventType.RECEIPT, new String[] {"W", "S", "X"}[(int) r[1]], r[0], r[0]));
            }
        }
        if (queued > 0) {
            m.apply(event(EventType.RESERVATION_CREATED, "Q", 0, -queued));
        }
        assertEquals(expected, m.onlineAtp("L", "A"), name);
    }

    @Test
    void cycleCountSetsQohAndShiftsAtp() {
        ReferenceModel m = model();
        m.apply(event(EventType.RECEIPT, "W", 10, 10));
        m.apply(event(EventType.RESERVATION_CREATED, "W", 0, -3));
        InventoryEvent count = event(EventType.CYCLE_COUNT, "W", 0, 0);
        count.setSetQoh(6L);
        m.apply(count);
        assertEquals(3, m.onlineAtp("L", "A"), "qoh 10 → 6 moves atp 7 → 3");
    }

    @Test
    void duplicatesAndBrokenRulesChangeNothing() {
        ReferenceModel m = model();
        InventoryEvent receipt = event(EventType.RECEIPT, "W", 10, 10);
        assertTrue(m.apply(receipt));
        assertFalse(m.apply(receipt));
        assertFalse(m.apply(event(EventType.POS_SALE, "W", 1, 1)));
        assertFalse(m.apply(event(EventType.RESERVATION_CREATED, "W", -1, -1)));
        assertFalse(m.apply(event(EventType.FULFILLED, "W", -1, -1)));
        assertEquals(10, m.onlineAtp("L", "A"));
        assertEquals(1, m.duplicates());
        assertEquals(3, m.rejected());
    }

    @Test
    void workloadIsSeededAndReservesEveryShopifyOrder() {
        ChaosSteps.Locations l = new ChaosSteps.Locations("s1", "s2", "on");
        ChaosWorkload a = new ChaosWorkload("T", 7, 20, 3_000, l, true);
        ChaosWorkload b = new ChaosWorkload("T", 7, 20, 3_000, l, true);
        assertEquals(a.steps.size(), b.steps.size());
        long orders =
                a.steps.stream().filter(s -> s instanceof ChaosSteps.Order).count();
        long reservations = a.steps.stream()
                .filter(s -> s instanceof ChaosSteps.Publish p
                        && "SHOPIFY".equals(p.event().getOrderChannel())
                        && p.event().getType() == EventType.RESERVATION_CREATED)
                .map(s -> ((ChaosSteps.Publish) s).event().getEventId())
                .distinct()
                .count(); // re-sent duplicates count once
        long cancels =
                a.steps.stream().filter(s -> s instanceof ChaosSteps.Cancel).count();
        long releases = a.steps.stream()
                .filter(s -> s instanceof ChaosSteps.Publish p
                        && "SHOPIFY".equals(p.event().getOrderChannel())
                        && p.event().getType() == EventType.RESERVATION_RELEASED)
                .map(s -> ((ChaosSteps.Publish) s).event().getEventId())
                .distinct()
                .count();
        assertTrue(orders > 10, "orders placed: " + orders);
        assertEquals(orders, reservations);
        assertTrue(cancels > 0, "cancelled orders: " + cancels);
        assertEquals(cancels, releases, "every cancelled order is released by the OMS");
        assertEquals(cancels, a.cancels());
        assertTrue(a.lateEvents() > 0, "late events: " + a.lateEvents());
        assertTrue(a.eventCount() >= 3_000, "events asked for, orders on top: " + a.eventCount());
        long fulfilments =
                a.steps.stream().filter(s -> s instanceof ChaosSteps.Fulfil).count();
        assertTrue(fulfilments > 0, "fulfilled orders: " + fulfilments);
        assertEquals(a.steps.size() - orders - cancels - fulfilments, a.eventCount());
        assertTrue(a.invalidEvents() > 0);
        assertEquals(a.invalidEvents(), a.model.rejected());
        assertTrue(a.model.duplicates() > 0);
        for (String sku : a.skus) {
            for (String loc : l.all()) {
                assertEquals(a.model.expectedShopify(loc, sku), b.model.expectedShopify(loc, sku));
                assertTrue(a.model.expectedShopify(loc, sku) >= 0, "no order oversells: " + sku + " at " + loc);
            }
        }
    }

    @Test
    void appliesALateReservationAsOfItsTimeBehindACountOfTheQuantityOnHand() {
        // the sequence: qoh = atp = 10, reservation −2 at :05, RESET setQoh 10 as of :10, the reservation
        // arriving last
        ReferenceModel m = model();
        InventoryEvent receipt = event(EventType.RECEIPT, "W", 10, 10);
        receipt.setOccurredAt(Instant.ofEpochMilli(1_000));
        InventoryEvent reset = event(EventType.RESET, "W", 0, 0);
        reset.setSetQoh(10L);
        reset.setOccurredAt(Instant.ofEpochMilli(10_000));
        InventoryEvent reservation = event(EventType.RESERVATION_CREATED, "W", 0, -2);
        reservation.setOccurredAt(Instant.ofEpochMilli(5_000));
        m.apply(receipt);
        m.apply(reset);
        m.apply(reservation);
        assertEquals(8, m.onlineAtp("L", "A"));
    }

    @Test
    void givesShopifyBackOnlyWhatItRestockedWhenAnOrderIsCancelled() {
        for (boolean restock : new boolean[] {true, false}) {
            ReferenceModel m = model();
            m.apply(event(EventType.RECEIPT, "W", 10, 10));
            m.shopifyOrder("L", "A", 2); // Shopify 8
            InventoryEvent reservation = event(EventType.RESERVATION_CREATED, "W", 0, -2);
            reservation.setOrderId("o1");
            reservation.setOrderChannel("SHOPIFY");
            reservation.setShopifyLocationId("L");
            m.apply(reservation);
            m.shopifyCancel("o1", "L", "A", 2, restock); // Shopify 10 if restocked, else 8
            InventoryEvent release = event(EventType.RESERVATION_RELEASED, "W", 0, 2);
            release.setOrderId("o1");
            release.setOrderChannel("SHOPIFY");
            release.setShopifyLocationId("L");
            m.apply(release);
            assertEquals(10, m.onlineAtp("L", "A"));
            assertEquals(
                    10, m.expectedShopify("L", "A"), "Shopify ends at online ATP either way (restock " + restock + ")");
        }
    }
}
