package io.atpsync.sink.hardsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.sink.hardsync.OrderAwareTarget.OpenLine;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hard-sync targets from the design (target = online ATP − pending Shopify orders) and the sequences; the open
 * lines are what Shopify's fulfillment orders at the location say, never a field of the order webhook.
 */
class OrderAwareTargetTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // online ATP 10, Shopify 10, a web order for 2 not reserved yet (Shopify 8, committed 2): write 8, not
                // 10
                Arguments.of(
                        "web order, webhook or not", 10, Map.of(), List.of(new OpenLine("1001", 2)), 2, 8, 2, 0, true),
                // the OMS reserved it: online ATP is 8 already, nothing is subtracted twice
                Arguments.of(
                        "reserved order", 8, Map.of("1001", 2L), List.of(new OpenLine("1001", 2)), 2, 8, 0, 0, true),
                // two lines of one SKU in one order both count
                Arguments.of(
                        "two lines of one SKU",
                        10,
                        Map.of(),
                        List.of(new OpenLine("1002", 1), new OpenLine("1002", 2)),
                        3,
                        7,
                        3,
                        0,
                        true),
                Arguments.of(
                        "two lines, reserved",
                        7,
                        Map.of("1002", 3L),
                        List.of(new OpenLine("1002", 1), new OpenLine("1002", 2)),
                        3,
                        7,
                        0,
                        0,
                        true),
                Arguments.of(
                        "partly reserved", 9, Map.of("1003", 1L), List.of(new OpenLine("1003", 3)), 3, 7, 2, 0, true),
                // a reservation for an order that is no longer open here (fulfilled, moved away) subtracts nothing
                Arguments.of("reserved elsewhere", 8, Map.of("1004", 2L), List.of(), 0, 8, 0, 0, true),
                // 1 committed unit no readable fulfillment order explains: kept, never written over
                Arguments.of("unexplained committed", 10, Map.of(), List.of(new OpenLine("1005", 2)), 3, 7, 2, 1, true),
                // open lines above committed: the reads straddled a new order
                Arguments.of(
                        "reads straddled an order",
                        10,
                        Map.of(),
                        List.of(new OpenLine("1006", 2), new OpenLine("1007", 1)),
                        2,
                        7,
                        3,
                        0,
                        false),
                // Shopify oversold: the target is negative, as Shopify's own count would be
                Arguments.of("oversold", 1, Map.of(), List.of(new OpenLine("1008", 3)), 3, -2, 3, 0, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldSubtractOnlyOpenOrdersTheOmsHasNotReserved(
            String name,
            long atp,
            Map<String, Long> reserved,
            List<OpenLine> open,
            long committed,
            long target,
            long unreserved,
            long unexplained,
            boolean consistent) {
        OrderAwareTarget.Result r = OrderAwareTarget.of(atp, reserved, open, committed);

        assertThat(r.target()).as("target").isEqualTo(target);
        assertThat(r.unreserved()).as("unreserved").isEqualTo(unreserved);
        assertThat(r.unexplained()).as("unexplained").isEqualTo(unexplained);
        assertThat(r.consistent()).as("consistent").isEqualTo(consistent);
    }

    @Test
    void shouldKeepOrdersShippedSinceTheCutThatTheOmsReservedOnlyAfterIt() {
        // online ATP 10 at the cut; order 2001 (2 units) reserved by the OMS after the cut and shipped before the sink
        // read:
        // Shopify 8, committed 0, no open line; the reservation to come will leave Shopify where it is
        assertThat(OrderAwareTarget.of(10, Map.of(), List.of(), List.of(new OpenLine("2001", 2)), 0)
                        .target())
                .isEqualTo(8);
        // shipped, but reserved before the cut: online ATP (8) has it already
        assertThat(OrderAwareTarget.of(8, Map.of("2001", 2L), List.of(), List.of(new OpenLine("2001", 2)), 0)
                        .target())
                .isEqualTo(8);
    }

    /**
     * Kits (issue 20, requirement 1): Shopify commits a kit order on the kit's own item, so a component's Shopify level
     * and committed do not show it. A gift set of 2 mugs ordered once (not reserved by the OMS yet) is 2 mugs pending;
     * the mug's committed (0) does not have to explain it.
     */
    @org.junit.jupiter.api.Test
    void shouldCountAKitsOpenOrderAsPendingForItsComponentsUntilTheOmsReservesThem() {
        List<OpenLine> kitLines = List.of(new OpenLine("5001", 2)); // 1 gift set × 2 mugs
        OrderAwareTarget.Result pending =
                OrderAwareTarget.of(10, Map.of(), List.of(), List.of(), List.of(), 0, kitLines);
        assertThat(pending.target()).isEqualTo(8);
        assertThat(pending.unreserved()).isEqualTo(2);
        assertThat(pending.consistent())
                .as("the kit's units are on the kit's committed, not the mug's")
                .isTrue();

        // The OMS reserved the 2 mugs for order 5001: online ATP is 8 already; nothing is subtracted twice.
        OrderAwareTarget.Result reserved =
                OrderAwareTarget.of(8, Map.of("5001", 2L), List.of(), List.of(), List.of(), 0, kitLines);
        assertThat(reserved.target()).isEqualTo(8);

        // The mug's own web order (1) and the gift set in one order: both count.
        OrderAwareTarget.Result both = OrderAwareTarget.of(
                10,
                Map.of(),
                List.of(new OpenLine("5002", 1)),
                List.of(),
                List.of(),
                1,
                List.of(new OpenLine("5002", 2)));
        assertThat(both.target()).isEqualTo(7);
    }
}
