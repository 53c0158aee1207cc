package io.atpsync.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.ReservedOrder;
import io.atpsync.shopify.InventoryLevel;
import io.atpsync.sink.hardsync.OrderAwareTarget;
import io.atpsync.sink.hardsync.OrderAwareTarget.OpenLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a bulk hard sync writes per item, as a table: the issue "Right against the real Shopify"'s order-aware target
 * (online ATP − units of open orders the OMS has not reserved) against the available the bulk query read, with the
 * cases that must go to the direct path instead.
 */
class BulkPlanTest {

    private static final String L = "gid://shopify/Location/1";

    static Stream<Arguments> items() {
        return Stream.of(
                // onlineAtp, available, committed, open order units (not reserved), reserved units, touched, -> plan
                Arguments.of(7L, 10L, 0L, 0L, 0L, false, "line -3 from 10"),
                Arguments.of(10L, 10L, 0L, 0L, 0L, false, "unchanged"),
                // worked example 1: 5 in both, 4 web orders not yet reserved: Shopify 1, the sync leaves it at 1
                Arguments.of(5L, 1L, 4L, 4L, 0L, false, "unchanged"),
                // the same orders reserved by the OMS: online ATP 1, nothing subtracted twice
                Arguments.of(1L, 1L, 4L, 4L, 4L, false, "unchanged"),
                // a web order for 2 the OMS has not heard of: 10 − 2 = 8 = what Shopify shows
                Arguments.of(10L, 8L, 2L, 2L, 0L, false, "unchanged"),
                Arguments.of(12L, 9L, 1L, 1L, 0L, false, "line +2 from 9"),
                // an order between the level read and the order read: its lines exceed committed
                Arguments.of(7L, 10L, 0L, 2L, 0L, false, "direct"),
                // a live delta since the cut: the read may or may not include it
                Arguments.of(7L, 10L, 0L, 0L, 0L, true, "direct"),
                // Shopify oversold: the target may be negative
                Arguments.of(0L, 0L, 3L, 3L, 0L, false, "line -3 from 0"));
    }

    @ParameterizedTest
    @MethodSource("items")
    void shouldPlanEachItem(
            long onlineAtp,
            long available,
            long committed,
            long openUnits,
            long reservedUnits,
            boolean touched,
            String expected) {
        List<ReservedOrder> reserved =
                reservedUnits == 0 ? List.of() : List.of(new ReservedOrder("1001", reservedUnits, false, 0L, null));
        AdjustmentChange c =
                new AdjustmentChange("gid://shopify/InventoryItem/5", "A", onlineAtp, onlineAtp, reserved, List.of());
        List<OpenLine> open = openUnits == 0 ? List.of() : List.of(new OpenLine("1001", openUnits));

        BulkPlan.Plan plan = BulkPlan.plan(
                L,
                List.of(c),
                Map.of(c.getInventoryItemId(), new InventoryLevel(available, committed)),
                Set.of(c.getInventoryItemId()),
                item -> touched,
                (x, comm) -> OrderAwareTarget.of(
                        x.getOnlineAtp(), reserved.isEmpty() ? Map.of() : Map.of("1001", reservedUnits), open, comm));

        String actual = !plan.direct().isEmpty()
                ? "direct"
                : plan.unchanged() == 1
                        ? "unchanged"
                        : String.format(
                                "line %+d from %d",
                                plan.lines().get(0).changes().get(0).delta(),
                                plan.lines().get(0).changes().get(0).changeFrom());
        assertThat(actual).isEqualTo(expected);
    }

    /**
     * A store that publishes on hand (issue 20, requirement 3): its target is Shopify's {@code on_hand} (the store's
     * quantity on hand), never an ATP target against {@code available}; the delta still goes to {@code available}
     * (which moves on_hand by as much) guarded by the available read. Shopify: available 4, committed 2, on_hand 6.
     */
    @ParameterizedTest(name = "on hand target {0} over on_hand 6 (available 4): {1}")
    @CsvSource({"6, unchanged", "9, line +3 from 4", "4, line -2 from 4"})
    void shouldPlanAnOnHandLocationAgainstOnHand(long quantityOnHand, String expected) {
        AdjustmentChange c = new AdjustmentChange(
                "gid://shopify/InventoryItem/5", "A", quantityOnHand, quantityOnHand, List.of(), List.of());
        BulkPlan.Plan plan = BulkPlan.onHand(
                L,
                List.of(c),
                Map.of(c.getInventoryItemId(), new InventoryLevel(4, 2, 6)),
                Set.of(c.getInventoryItemId()),
                item -> false);

        String actual = plan.unchanged() == 1
                ? "unchanged"
                : String.format(
                        "line %+d from %d",
                        plan.lines().get(0).changes().get(0).delta(),
                        plan.lines().get(0).changes().get(0).changeFrom());
        assertThat(actual).isEqualTo(expected);
    }

    /**
     * A hard sync targets every catalogued SKU at every location in scope, and a store stocks about half the catalogue
     * (the reference retailer): where Shopify has no level, a 0 is nothing to set and any other target is refused as
     * the direct path refuses it, without a read per item.
     */
    @Test
    void shouldSkipAZeroAndRefuseAnyOtherTargetWhereShopifyHasNoLevel() {
        AdjustmentChange zero =
                new AdjustmentChange("gid://shopify/InventoryItem/8", "Z", 0L, 0L, List.of(), List.of());
        AdjustmentChange five =
                new AdjustmentChange("gid://shopify/InventoryItem/9", "U", 5L, 5L, List.of(), List.of());
        AdjustmentChange gone =
                new AdjustmentChange("gid://shopify/InventoryItem/10", "G", 5L, 5L, List.of(), List.of());

        BulkPlan.Plan plan = BulkPlan.plan(
                L,
                List.of(zero, five, gone),
                Map.of(),
                Set.of(zero.getInventoryItemId(), five.getInventoryItemId()),
                item -> false,
                (x, comm) -> null);

        assertThat(plan.lines()).isEmpty();
        assertThat(plan.direct()).isEmpty();
        assertThat(plan.refused())
                .extracting(r -> r.change().getSku() + " " + r.code())
                .containsExactly("U ITEM_NOT_STOCKED_AT_LOCATION", "G INVALID_INVENTORY_ITEM");
    }

    @Test
    void shouldLeaveAnItemWithoutALevelToTheDirectReadWhenTheItemsAreNotKnown() {
        AdjustmentChange c = new AdjustmentChange("gid://shopify/InventoryItem/9", "U", 5L, 5L, List.of(), List.of());

        BulkPlan.Plan plan = BulkPlan.plan(L, List.of(c), Map.of(), null, item -> false, (x, comm) -> null);

        assertThat(plan.direct()).containsExactly(c);
    }

    @Test
    void shouldSplitChangesIntoLinesOfAtMost250() {
        List<AdjustmentChange> changes = new ArrayList<>();
        Map<String, InventoryLevel> levels = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            String item = "gid://shopify/InventoryItem/" + i;
            changes.add(new AdjustmentChange(item, "S" + i, 7L, 7L, List.of(), List.of()));
            levels.put(item, new InventoryLevel(10, 0));
        }

        BulkPlan.Plan plan = BulkPlan.plan(
                L,
                changes,
                levels,
                levels.keySet(),
                item -> false,
                (x, comm) -> OrderAwareTarget.of(7, Map.of(), List.of(), comm));

        assertThat(plan.lines()).extracting(l -> l.changes().size()).containsExactly(250, 250, 100);
        assertThat(plan.lines()).allSatisfy(l -> assertThat(l.location()).isEqualTo(L));
    }

    /**
     * The bulk query's JSONL as shopify.dev documents it (one object per line, a child row carries its parent's id as
     * {@code __parentId}), levels at two locations of which one is asked for.
     */
    @Test
    void shouldReadTheLevelsAtTheLocationsAskedFor(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("levels.jsonl");
        Files.writeString(jsonl, """
                {"id":"gid://shopify/InventoryItem/5"}
                {"location":{"id":"gid://shopify/Location/1"},"quantities":[{"name":"available","quantity":9},\
                {"name":"committed","quantity":1}],"__parentId":"gid://shopify/InventoryItem/5"}
                {"location":{"id":"gid://shopify/Location/2"},"quantities":[{"name":"available","quantity":4},\
                {"name":"committed","quantity":0}],"__parentId":"gid://shopify/InventoryItem/5"}
                """);

        BulkPlan.Levels levels = BulkPlan.levels(jsonl, Set.of(L));

        assertThat(levels.byLocation()).containsOnlyKeys(L);
        assertThat(levels.at(L)).containsEntry("gid://shopify/InventoryItem/5", new InventoryLevel(9, 1));
        assertThat(levels.items()).containsExactly("gid://shopify/InventoryItem/5");
    }
}
