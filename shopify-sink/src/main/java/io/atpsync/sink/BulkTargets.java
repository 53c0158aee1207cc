package io.atpsync.sink;

import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.shopify.InventoryLevel;
import io.atpsync.shopify.ShopifyClient;
import io.atpsync.sink.bulk.BulkPlan;
import io.atpsync.sink.bulk.PostCutLedger;
import io.atpsync.sink.hardsync.LocationOrders;
import io.atpsync.sink.hardsync.OrderAwareTarget.OpenLine;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a bulk hard sync writes at one location ({@link BulkPlan}) from the levels its bulk query read: order-aware
 * targets against {@code available} from the location's fulfillment orders, or, where the location publishes on hand,
 * the targets against {@code on_hand} (Shopify subtracts its own orders there: none are read).
 */
final class BulkTargets {

    private BulkTargets() {}

    static BulkPlan.Plan plan(
            FulfillmentOrderReads reads,
            KitItems kits,
            PostCutLedger ledger,
            BulkUnit u,
            Map<String, InventoryLevel> levels,
            Set<String> items)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        AdjustmentBatch first = u.first;
        String location = u.key.location();
        if (MutationInput.onHand(first)) {
            return BulkPlan.onHand(
                    location,
                    List.copyOf(u.changes.values()),
                    levels,
                    items,
                    item -> ledger.touched(new PostCutLedger.Key(location, item)));
        }
        java.time.Instant since = OrderAwareSet.closedSince(first);
        long deadline = System.currentTimeMillis() + ShopifyClient.DEFAULT_BUDGET_MILLIS;
        LocationOrders orders = reads.orders(first, since, deadline);
        Map<String, List<OpenLine>> open = orders.open();
        Map<String, List<OpenLine>> gone =
                orders.closed(since, LocationOrders.State.SHIPPED, LocationOrders.State.WRITTEN_OFF);
        Map<String, List<OpenLine>> back = orders.closed(since, LocationOrders.State.RESTOCKED);
        Map<String, String> kitItems = kits.of(u.changes.values(), deadline);
        return BulkPlan.plan(
                location,
                List.copyOf(u.changes.values()),
                levels,
                items,
                item -> ledger.touched(new PostCutLedger.Key(location, item)),
                (c, committed) -> OrderAwareSet.target(
                        location,
                        c,
                        c.getOnlineAtp() != null ? c.getOnlineAtp() : c.getQuantity(),
                        open,
                        gone,
                        back,
                        committed,
                        kitItems));
    }
}
