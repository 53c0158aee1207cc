package io.atpsync.streams.variance;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DESIGN.md, "What reaches Shopify": per (L, p) the variance pushed is the change of onlineAtp(L, p) plus, for a
 * RESERVATION_CREATED / RELEASED with orderChannel SHOPIFY, −atpDiff at the event's shopifyLocationId; nothing while a
 * task rebuilds from history. Each row: an event at the web location WEB that moves online ATP there from
 * {@code before} to {@code after}, and what reaches Shopify at WEB in total.
 */
class VarianceRuleTest {

    @ParameterizedTest(name = "{0} {1} atpDiff {2}: online ATP {3} → {4}, pushing {5} → {6}")
    @CsvSource(
            nullValues = "-",
            value = {
                // a POS sale lowers online ATP: Shopify must hear it
                "POS_SALE,             -,       -1, 10, 9,  true,  -1",
                // a web order Shopify counted itself, reserved by the OMS: online ATP falls, Shopify already fell
                "RESERVATION_CREATED,  SHOPIFY, -2, 10, 8,  true,  0",
                // its cancel on Shopify, released by the OMS: Shopify already gave the units back
                "RESERVATION_RELEASED, SHOPIFY,  2, 8,  10, true,  0",
                // a reservation from another channel (call centre): Shopify does not know it
                "RESERVATION_CREATED,  CALL,    -2, 10, 8,  true,  -2",
                // the first event for a key starts online ATP from 0
                "RECEIPT,              -,        5, -,  5,  true,  5",
                // a receipt behind a threshold that keeps online ATP at 0: nothing to say
                "RECEIPT,              -,        1, 0,  0,  true,  0",
                // rebuilding from history: Shopify received all of it already
                "RESERVATION_CREATED,  SHOPIFY, -2, 10, 8,  false, 0",
                "POS_SALE,             -,       -1, 10, 9,  false, 0",
            })
    void shouldPushTheChangeOfOnlineAtpPlusTheCompensation(
            EventType type,
            String channel,
            long atpDiff,
            Long before,
            long after,
            boolean pushing,
            long reachesShopify) {
        InventoryEvent e = InventoryEvent.newBuilder()
                .setEventId("e")
                .setSource("OMS")
                .setType(type)
                .setSku("TEE")
                .setFacilityId("DC")
                .setAtpDiff(atpDiff)
                .setQohDiff(0)
                .setOrderChannel(channel)
                .setShopifyLocationId(channel == null ? null : "WEB")
                .setOccurredAt(Instant.EPOCH)
                .build();

        long total = VarianceRule.ofAtpChange(before, after, pushing).orElse(0)
                + VarianceRule.compensation(e, pushing)
                        .filter(c -> c.shopifyLocationId().equals("WEB"))
                        .map(VarianceRule.Adjustment::units)
                        .orElse(0L);

        assertThat(total).isEqualTo(reachesShopify);
    }

    /**
     * A store that publishes on hand (issue 20, requirement 3): what it publishes is the quantity on hand, and Shopify
     * subtracts its own committed orders. Each row: an event at the store STORE moving on hand from {@code before} to
     * {@code after}, and what reaches Shopify there in total.
     */
    @ParameterizedTest(name = "on hand: {0} {1} qohDiff {2}: {3} → {4} → {5}")
    @CsvSource(
            nullValues = "-",
            value = {
                // a delivery: on hand rises, Shopify must hear it
                "RECEIPT,              -,        6, 10, 16, 6",
                // a web order reserved by the OMS: on hand does not move, Shopify's committed has it already
                "RESERVATION_CREATED,  SHOPIFY,  0, 10, 10, 0",
                // that order shipped from the store: Shopify took it out of on_hand when it fulfilled it
                "FULFILLED,            SHOPIFY, -2, 10, 8,  0",
                // a sale at Shopify POS, reported by the POS integration: Shopify counted it already
                "POS_SALE,             SHOPIFY, -1, 10, 9,  0",
                // an order of another channel shipped from the store: Shopify does not know it
                "FULFILLED,            CALL,    -2, 10, 8,  -2",
            })
    void shouldPushTheChangeOfOnHandWithoutOrderCompensationAtAnOnHandStore(
            EventType type, String channel, long qohDiff, long before, long after, long reachesShopify) {
        InventoryEvent e = InventoryEvent.newBuilder()
                .setEventId("e")
                .setSource("OMS")
                .setType(type)
                .setSku("TEE")
                .setFacilityId("STORE-1")
                .setAtpDiff(type == EventType.RESERVATION_CREATED ? -2 : qohDiff)
                .setQohDiff(qohDiff)
                .setOrderChannel(channel)
                .setShopifyLocationId("STORE")
                .setOccurredAt(Instant.EPOCH)
                .build();

        long total = VarianceRule.ofAtpChange(before, after, true).orElse(0)
                + VarianceRule.compensation(e, true, true)
                        .filter(c -> c.shopifyLocationId().equals("STORE"))
                        .map(VarianceRule.Adjustment::units)
                        .orElse(0L);

        assertThat(total).isEqualTo(reachesShopify);
    }
}
