package io.atpsync.streams.variance;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VarianceRulesTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "RECEIPT, received",
        "TRANSFER_RECEIPT, movement_received",
        "RETURN_RESTOCK, restock",
        "CYCLE_COUNT, cycle_count_available",
        "RESET, cycle_count_available",
        "DAMAGED, damaged",
        "SHRINKAGE, shrinkage",
        "LOST, shrinkage",
        "POS_SALE, correction",
        "RESERVATION_CREATED, correction",
        "ADJUSTMENT, correction"
    })
    void shouldMapEventTypesToShopifyReasons(EventType type, String reason) {
        assertThat(ShopifyReason.of(type)).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0} channel={1} at={2} atpDiff={3} → {4}")
    @CsvSource(
            nullValues = "-",
            value = {
                "RESERVATION_CREATED,  SHOPIFY, L1, -2,  2",
                "RESERVATION_RELEASED, SHOPIFY, L1,  1, -1",
                "RESERVATION_CREATED,  POS,     L1, -2,  -",
                "RESERVATION_CREATED,  -,       L1, -2,  -",
                "RESERVATION_CREATED,  SHOPIFY, -,  -2,  -",
                "FULFILLED,            SHOPIFY, L1,  0,  -",
            })
    void shouldCompensateOnlyShopifyChannelReservations(
            EventType type, String channel, String location, long atpDiff, Long units) {
        InventoryEvent e = InventoryEvent.newBuilder()
                .setEventId("e")
                .setSource("OMS")
                .setType(type)
                .setSku("A")
                .setFacilityId("f")
                .setAtpDiff(atpDiff)
                .setQohDiff(type == EventType.FULFILLED ? -1 : 0)
                .setOrderChannel(channel)
                .setShopifyLocationId(location)
                .setOccurredAt(Instant.EPOCH)
                .build();
        assertThat(VarianceRule.compensation(e, true)
                        .map(VarianceRule.Adjustment::units)
                        .orElse(null))
                .isEqualTo(units);
    }

    @ParameterizedTest(name = "ordered {0}, reserved {1}, cancelled {2} → pending {3}")
    @CsvSource({
        "4, 0, false, 4",
        "4, 3, false, 1",
        "4, 4, false, 0",
        "4, 6, false, 0",
        "4, 0, true, 0",
        "0, 2, false, 0"
    })
    void shouldCountWhatShopifyTookButTheOmsHasNotReserved(
            long ordered, long reserved, boolean cancelled, long pending) {
        assertThat(new PendingOrder("L", ordered, reserved, cancelled, 0, null, 0).pending())
                .isEqualTo(pending);
    }

    /**
     * What a hard sync's cut tells the sink the OMS holds for one Shopify order at location L1, after reservations
     * ("+n@L") and releases ("-n@L"; "@-": no location named) of an order of 2 units Shopify split 1 at L1, 1 at L2.
     */
    @ParameterizedTest(name = "{0} → at L1: {1}")
    @CsvSource(
            nullValues = "none",
            delimiter = ';',
            value = {
                "+1@L2; none", // only the other location's part is reserved: nothing here
                "+1@L1; 1/0",
                "+1@L1 +1@L2; 1/0",
                "+1@L2 -1@L2; none",
                "+1@L1 -1@L1; 0/1", // reserved and released here: accounted for
                "+1@- ; 1/0", // no location named: counts at every location (as before the split was kept)
                "+1@L1 +1@-; 2/0",
            })
    void shouldAccountEachLocationsPartOfASplitOrderThere(String steps, String atL1) {
        PendingOrder o = PendingOrder.none(null, 0).ordered(2, null, 0);
        for (String step : steps.trim().split(" +")) {
            String[] unitsAt = step.split("@");
            o = o.reserved(Long.parseLong(unitsAt[0]), unitsAt[1].equals("-") ? null : unitsAt[1], 1, false);
        }
        assertThat(o.accountedAt("L1")
                        .map(h -> h.reserved() + "/" + h.released())
                        .orElse(null))
                .isEqualTo(atL1);
    }

    @ParameterizedTest(name = "online {0} − pending {1} → target {2}, a SET writes {3}")
    @CsvSource({"4, 4, 0, 0", "10, 3, 7, 7", "2, 5, -3, 0", "0, 0, 0, 0", "0, 2, -2, 0"})
    void shouldTargetOnlineAtpMinusPendingOrdersAndNeverSetBelowZero(long online, long pending, long target, long set) {
        assertThat(Batches.target(online, pending)).isEqualTo(target);
        assertThat(Batches.settable(target)).isEqualTo(set);
    }

    @Test
    void shouldSplitIntoBatchesOfAtMost250InOrder() {
        List<Integer> changes = IntStream.range(0, 601).boxed().toList();
        List<List<Integer>> batches = Batches.split(changes, Batches.SHOPIFY_MAX_CHANGES);
        assertThat(batches).extracting(List::size).containsExactly(250, 250, 101);
        assertThat(batches.get(1).get(0)).isEqualTo(250);
        assertThat(Batches.split(List.of(), 250)).isEmpty();
    }

    @Test
    void shouldBuildBatchIdsFromCommittedStateOnly() {
        assertThat(Batches.batchId("atp-sync", 2, 0xbeefL, 5, 17)).isEqualTo("atp-sync-e2-i0000beef-p5-17");
    }
}
