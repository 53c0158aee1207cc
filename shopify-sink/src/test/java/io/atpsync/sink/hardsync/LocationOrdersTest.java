package io.atpsync.sink.hardsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.sink.hardsync.LocationOrders.Change;
import io.atpsync.sink.hardsync.LocationOrders.FulfillmentOrder;
import io.atpsync.sink.hardsync.LocationOrders.Line;
import io.atpsync.sink.hardsync.LocationOrders.State;
import io.atpsync.sink.hardsync.OrderAwareTarget.OpenLine;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A location's fulfillment orders kept current from reads of those updated since the last one. The states are Shopify's
 * FulfillmentOrder lifecycle (shopify.dev, FulfillmentOrder: OPEN, IN_PROGRESS, CLOSED by a fulfillment, a cancel or a
 * move to another location); the change a read makes decides whether a level read made before it can be trusted.
 */
class LocationOrdersTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(5);

    private static FulfillmentOrder fo(State state, Instant at, long remaining, long total) {
        return new FulfillmentOrder(
                "gid://shopify/FulfillmentOrder/1", "1001", state, at, List.of(new Line("item-A", remaining, total)));
    }

    static Stream<Arguments> merges() {
        return Stream.of(
                Arguments.of("a new open order", null, fo(State.OPEN, T1, 2, 2), Change.ADDED),
                Arguments.of(
                        "read again unchanged (within the clock margin)",
                        fo(State.OPEN, T0, 2, 2),
                        fo(State.OPEN, T0, 2, 2),
                        Change.NONE),
                Arguments.of(
                        "updated, same units (e.g. a hold)",
                        fo(State.OPEN, T0, 2, 2),
                        fo(State.OPEN, T1, 2, 2),
                        Change.NONE),
                Arguments.of(
                        "an edit raised its line", fo(State.OPEN, T0, 2, 2), fo(State.OPEN, T1, 3, 3), Change.ADDED),
                Arguments.of("shipped in part", fo(State.OPEN, T0, 2, 2), fo(State.OPEN, T1, 1, 2), Change.REMOVED),
                Arguments.of("shipped", fo(State.OPEN, T0, 2, 2), fo(State.SHIPPED, T1, 0, 2), Change.REMOVED),
                Arguments.of(
                        "cancelled with restock",
                        fo(State.OPEN, T0, 2, 2),
                        fo(State.RESTOCKED, T1, 0, 2),
                        Change.REMOVED),
                Arguments.of(
                        "cancelled without restock",
                        fo(State.OPEN, T0, 2, 2),
                        fo(State.WRITTEN_OFF, T1, 0, 2),
                        Change.REMOVED),
                Arguments.of("moved away", fo(State.OPEN, T0, 2, 2), fo(State.MOVED, T1, 0, 2), Change.REMOVED),
                Arguments.of("placed and shipped between two reads", null, fo(State.SHIPPED, T1, 0, 2), Change.REMOVED),
                Arguments.of(
                        "closed, read again unchanged",
                        fo(State.SHIPPED, T0, 0, 2),
                        fo(State.SHIPPED, T0, 0, 2),
                        Change.NONE),
                Arguments.of(
                        "closed, then updated again",
                        fo(State.SHIPPED, T0, 0, 2),
                        fo(State.SHIPPED, T1, 0, 2),
                        Change.REMOVED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("merges")
    void shouldSayWhatAReadChanged(String name, FulfillmentOrder before, FulfillmentOrder read, Change expected) {
        LocationOrders orders = new LocationOrders("gid://shopify/Location/1", T0, 0);
        if (before != null) {
            orders.merge(before);
        }

        assertThat(orders.merge(read)).isEqualTo(expected);
        assertThat(orders.known(read.id())).contains(read);
    }

    @Test
    void shouldCountAFulfillmentOrderOnceAsWhatItIsNow() {
        LocationOrders orders = new LocationOrders("gid://shopify/Location/1", T0, 0);
        orders.merge(new FulfillmentOrder(
                "fo-1", "1001", State.OPEN, T0, List.of(new Line("A", 2, 2), new Line("A", 1, 1))));
        orders.merge(new FulfillmentOrder("fo-2", "1002", State.OPEN, T0, List.of(new Line("A", 1, 1))));
        orders.merge(
                new FulfillmentOrder("fo-2", "1002", State.SHIPPED, T1, List.of(new Line("A", 0, 1)))); // closed since
        orders.merge(new FulfillmentOrder("fo-3", "1003", State.RESTOCKED, T1, List.of(new Line("A", 0, 4))));
        orders.merge(new FulfillmentOrder("fo-4", "1004", State.MOVED, T1, List.of(new Line("A", 0, 5))));

        assertThat(orders.open().get("A"))
                .as("two lines of one SKU in one order both count")
                .containsExactlyInAnyOrder(new OpenLine("1001", 2), new OpenLine("1001", 1));
        assertThat(orders.closed(T0, State.SHIPPED, State.WRITTEN_OFF).get("A"))
                .as("a closed order counts its whole units")
                .containsExactly(new OpenLine("1002", 1));
        assertThat(orders.closed(T0, State.RESTOCKED).get("A")).containsExactly(new OpenLine("1003", 4));
        assertThat(orders.closed(T1, State.SHIPPED, State.WRITTEN_OFF, State.RESTOCKED))
                .as("closed before the window: left out")
                .isEmpty();
        assertThat(orders.closed(T0, State.SHIPPED, State.WRITTEN_OFF, State.RESTOCKED)
                        .get("A"))
                .as("a moved order's units left the location")
                .doesNotContain(new OpenLine("1004", 5));
    }

    @Test
    void shouldTellTheMostConsequentialChange() {
        assertThat(Change.NONE.and(Change.ADDED)).isEqualTo(Change.ADDED);
        assertThat(Change.REMOVED.and(Change.ADDED)).isEqualTo(Change.REMOVED);
        assertThat(Change.ADDED.and(Change.NONE)).isEqualTo(Change.ADDED);
    }
}
