package io.atpsync.streams.atp;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventRulesTest {

    static InventoryEvent event(EventType type, long qoh, long atp, Long setQoh, Long setAtp) {
        return InventoryEvent.newBuilder()
                .setEventId("e")
                .setSource("T")
                .setType(type)
                .setSku("SKU-1")
                .setFacilityId("f1")
                .setQohDiff(qoh)
                .setAtpDiff(atp)
                .setSetQoh(setQoh)
                .setSetAtp(setAtp)
                .setOccurredAt(Instant.EPOCH)
                .build();
    }

    @ParameterizedTest(name = "{0} qoh={1} atp={2} setQoh={3} setAtp={4} → valid={5}")
    @CsvSource(
            nullValues = "-",
            value = {
                "RECEIPT,              5,  5,  -,  -,  true",
                "RECEIPT,              5,  0,  -,  -,  true",
                "RECEIPT,             -5, -5,  -,  -,  false",
                "RECEIPT,              0,  0,  -,  -,  false",
                "TRANSFER_RECEIPT,     2,  2,  -,  -,  true",
                "RETURN_RESTOCK,       1,  1,  -,  -,  true",
                "FOUND,                1, -1,  -,  -,  false",
                "POS_SALE,            -1, -1,  -,  -,  true",
                "POS_SALE,             1,  1,  -,  -,  false",
                "DAMAGED,             -1, -1,  -,  -,  true",
                "LOST,                -1,  0,  -,  -,  true",
                "SHRINKAGE,            0,  0,  -,  -,  false",
                "ADJUSTMENT,          -3,  4,  -,  -,  true",
                "ADJUSTMENT,           0,  0,  -,  -,  false",
                "RESERVATION_CREATED,  0, -1,  -,  -,  true",
                "RESERVATION_CREATED, -1, -1,  -,  -,  false",
                "RESERVATION_CREATED,  0,  1,  -,  -,  false",
                "RESERVATION_RELEASED, 0,  1,  -,  -,  true",
                "RESERVATION_RELEASED, 0, -1,  -,  -,  false",
                "FULFILLED,           -1,  0,  -,  -,  true",
                "FULFILLED,           -1, -1,  -,  -,  false",
                "CYCLE_COUNT,          0,  0, 40,  -,  true",
                "CYCLE_COUNT,          0,  0,  -,  -,  false",
                "CYCLE_COUNT,          0,  0, -1,  -,  false",
                "CYCLE_COUNT,          3,  0, 40,  -,  false",
                "RESET,                0,  0,  -, -2,  true",
                "RECEIPT,              5,  5, 40,  -,  false",
                "RECEIPT, 1000000001,  5,  -,  -,  false",
                "ADJUSTMENT,           0, -1000000001, -, -, false",
                "UNKNOWN,              1,  1,  -,  -,  false",
            })
    void shouldApplyTheRuleOfEachType(EventType type, long qoh, long atp, Long setQoh, Long setAtp, boolean valid) {
        assertThat(EventRules.violation(event(type, qoh, atp, setQoh, setAtp)).isEmpty())
                .isEqualTo(valid);
    }

    @ParameterizedTest(name = "sku ''{0}'' valid={1}")
    @CsvSource({"SKU-1, true", "'A/B:C#1', true", "'a|b', false", "'', false", "'tab\tsku', false"})
    void shouldCheckTheSkuFormat(String sku, boolean valid) {
        InventoryEvent e = event(EventType.RECEIPT, 1, 1, null, null);
        e.setSku(sku);
        assertThat(EventRules.violation(e).isEmpty()).isEqualTo(valid);
    }
}
