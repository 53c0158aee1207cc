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
}
