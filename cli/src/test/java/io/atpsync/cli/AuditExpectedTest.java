package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.shopify.InventoryLevel;
import io.atpsync.sink.hardsync.OrderAwareTarget.OpenLine;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the audit says Shopify should show for one key, from a {@code /targets} row and Shopify's side. The numbers are
 * the sequence (online ATP 10, Shopify 10, a web order for 2: Shopify 8) and the design's target (online ATP
 * minus the units Shopify has taken that the OMS has not reserved).
 */
class AuditExpectedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOC = "gid://shopify/Location/1";
    private static final String ITEM = "gid://shopify/InventoryItem/7";

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, onlineAtp, reservedOrders JSON, open lines at the location, available, committed, expected
                // target
                Arguments.of("no orders", 10, "[]", List.of(), 10, 0, 10),
                Arguments.of(
                        "web order for 2, webhook late or lost, OMS not caught up",
                        10,
                        "[]",
                        List.of(new OpenLine("1001", 2)),
                        8,
                        2,
                        8),
                Arguments.of(
                        "two lines of one SKU in one order both count",
                        10,
                        "[]",
                        List.of(new OpenLine("1001", 2), new OpenLine("1001", 1)),
                        7,
                        3,
                        7),
                Arguments.of(
                        "the OMS reserved the order: online ATP 8 already",
                        8,
                        "[{\"shopifyOrderId\":\"1001\",\"reserved\":2,\"released\":0}]",
                        List.of(new OpenLine("1001", 2)),
                        8,
                        2,
                        8),
                Arguments.of(
                        "reserved 1 of 2: the other unit is still Shopify's alone",
                        9,
                        "[{\"shopifyOrderId\":\"1001\",\"reserved\":1,\"released\":0}]",
                        List.of(new OpenLine("1001", 2)),
                        8,
                        2,
                        8),
                Arguments.of("committed units no open order explains are kept out", 10, "[]", List.of(), 9, 1, 9),
                Arguments.of("drift: Shopify edited by hand to 3", 8, "[]", List.of(), 3, 0, 8),
                Arguments.of(
                        "reserved order cancelled with restock on Shopify, OMS has not released",
                        8,
                        "[{\"shopifyOrderId\":\"1001\",\"reserved\":2,\"released\":0,\"shopifyLocationId\":\"" + LOC
                                + "\",\"restockedNotReleased\":2}]",
                        List.of(),
                        10,
                        0,
                        10),
                Arguments.of(
                        "restock at another location gives nothing back here",
                        8,
                        "[{\"shopifyOrderId\":\"1001\",\"reserved\":2,\"released\":0,"
                                + "\"shopifyLocationId\":\"gid://shopify/Location/2\","
                                + "\"restockedNotReleased\":2}]",
                        List.of(),
                        8,
                        0,
                        8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void expectedTarget(
            String name,
            long onlineAtp,
            String reserved,
            List<OpenLine> open,
            long available,
            long committed,
            long target)
            throws Exception {
        JsonNode row = JSON.readTree("{\"sku\":\"S\",\"inventoryItemId\":\"" + ITEM + "\",\"onlineAtp\":" + onlineAtp
                + ",\"reservedOrders\":" + reserved + "}");
        var result = AuditReads.expected(row, LOC, Map.of(ITEM, open), new InventoryLevel(available, committed));
        assertThat(result.target()).isEqualTo(target);
        assertThat(result.consistent()).isTrue();
    }
}
