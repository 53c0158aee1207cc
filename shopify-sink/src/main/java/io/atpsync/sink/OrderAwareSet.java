package io.atpsync.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.ReservedOrder;
import io.atpsync.shopify.InventoryLevel;
import io.atpsync.shopify.ShopifyClient;
import io.atpsync.shopify.ShopifyDocuments;
import io.atpsync.shopify.retry.Verdict;
import io.atpsync.sink.hardsync.LocationOrders;
import io.atpsync.sink.hardsync.OrderAwareTarget;
import io.atpsync.sink.hardsync.OrderAwareTarget.OpenLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hard-sync (or compare) SET that never overwrites a Shopify order. Per round: read {@code available} and
 * {@code committed} of the batch's items at its location, then bring the location's fulfillment orders up to date (read
 * in full once, then only those updated since: {@link LocationOrders}); target = online ATP − units of those orders the
 * OMS has not reserved (see {@link OrderAwareTarget}); write {@code inventoryAdjustQuantities} with delta = target −
 * available, guarded by {@code changeFromQuantity} = the available read. An order placed after the read changes
 * {@code available}, so the write is refused as stale and the next round's read includes it; one placed after the write
 * is decremented from the new level by Shopify itself.
 */
final class OrderAwareSet {

    private static final Logger LOG = LoggerFactory.getLogger(OrderAwareSet.class);
    static final int ROUNDS = 10;
    private final BatchApplier calls;
    private final FulfillmentOrderReads reads;
    private final KitItems kits;
    private final String shop;
    private final SinkMetrics metrics;

    OrderAwareSet(BatchApplier calls, String shop, SinkMetrics metrics) {
        this.calls = calls;
        this.reads = new FulfillmentOrderReads(calls, shop);
        this.kits = new KitItems(reads);
        this.shop = shop;
        this.metrics = metrics;
    }

    BatchApplier.Outcome apply(AdjustmentBatch batch, long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        Map<String, AdjustmentChange> targets = new LinkedHashMap<>();
        batch.getChanges().forEach(c -> targets.put(c.getInventoryItemId(), c));
        List<BatchApplier.Refused> refused = new ArrayList<>();
        int newKeys = 0;
        java.time.Instant since = closedSince(batch);
        // A location that publishes on hand: its target is on_hand itself, and Shopify subtracts its own orders.
        boolean onHand = MutationInput.onHand(batch);
        LocationOrders orders = onHand ? null : reads.orders(batch, since, deadline);
        Map<String, String> kitItems = onHand ? Map.of() : kits.of(targets.values(), deadline);
        for (int round = 0; round < ROUNDS && !targets.isEmpty(); round++) {
            // Levels, then what changed in the orders since they were last read: nothing, or only new units (an order
            // placed
            // before the level read is in both; one after it makes the lines exceed committed, and the round reads
            // again).
            // Units gone in between (shipped, cancelled, moved) leave it open whether the levels saw them go: read
            // again.
            // Chaos R5 showed why: a reserved order shipped and a new order placed both in between cancel out in
            // committed;
            // with the older lines the new order looked explained, and the SET wrote its unit back.
            Map<String, InventoryLevel> levels = readLevels(batch, targets, refused, deadline);
            if (!onHand && reads.refresh(orders, deadline) == LocationOrders.Change.REMOVED) {
                metrics.staleRereads.record();
                continue;
            }
            Map<String, List<OpenLine>> open = onHand ? Map.of() : orders.open();
            Map<String, List<OpenLine>> gone = onHand
                    ? Map.of()
                    : orders.closed(since, LocationOrders.State.SHIPPED, LocationOrders.State.WRITTEN_OFF);
            Map<String, List<OpenLine>> restockedBack =
                    onHand ? Map.of() : orders.closed(since, LocationOrders.State.RESTOCKED);
            List<AdjustmentChange> changing = new ArrayList<>();
            Map<String, Long> deltas = new TreeMap<>();
            boolean consistent = true;
            long kept = 0;
            for (AdjustmentChange c : targets.values()) {
                InventoryLevel l = levels.get(c.getInventoryItemId());
                if (onHand) { // on_hand moves with every change to available: the delta goes to available
                    if (c.getQuantity() != l.onHand()) {
                        changing.add(c);
                        deltas.put(c.getInventoryItemId(), c.getQuantity() - l.onHand());
                    }
                    continue;
                }
                long atp = c.getOnlineAtp() != null ? c.getOnlineAtp() : c.getQuantity();
                OrderAwareTarget.Result t = target(
                        batch.getShopifyLocationId(), c, atp, open, gone, restockedBack, l.committed(), kitItems);
                consistent &= t.consistent();
                kept += t.unreserved() + t.unexplained();
                if (LOG.isDebugEnabled() && (t.target() != l.available() || t.unreserved() + t.unexplained() > 0)) {
                    LOG.debug(
                            "shop {}: SET batch {} round {} at {}: {} available {} "
                                    + "committed {} onlineAtp {} reserved {} open {} gone {} "
                                    + "restocked {} -> target {} (unreserved {}, unexplained {}, consistent {})",
                            shop,
                            batch.getBatchId(),
                            round,
                            batch.getShopifyLocationId(),
                            c.getSku(),
                            l.available(),
                            l.committed(),
                            atp,
                            c.getReservedOrders(),
                            open.getOrDefault(c.getInventoryItemId(), List.of()),
                            gone.getOrDefault(c.getInventoryItemId(), List.of()),
                            restockedBack.getOrDefault(c.getInventoryItemId(), List.of()),
                            t.target(),
                            t.unreserved(),
                            t.unexplained(),
                            t.consistent());
                }
                if (t.target() != l.available()) {
                    changing.add(c);
                    deltas.put(c.getInventoryItemId(), t.target() - l.available());
                }
            }
            if (!consistent) { // an order closed since the orders were read: read them again
                metrics.staleRereads.record(); // (never write from such a read: the target would be a guess)
                continue;
            }
            if (changing.isEmpty()) {
                calls.record(batch, 0);
                return new BatchApplier.Outcome(refused, false, null);
            }
            // The content depends on what was read, so the key does too: a redelivery that reads the same levels
            // sends the same call under the same key; a key whose attempt failed is never reused.
            Map<String, String> read = new TreeMap<>();
            changing.forEach(c -> read.put(
                    c.getInventoryItemId(),
                    levels.get(c.getInventoryItemId()).available() + ">" + deltas.get(c.getInventoryItemId())));
            String key = IdempotencyKeys.setKey(batch.getBatchId(), read.toString(), newKeys);
            Map<String, Object> input = MutationInput.input(
                    batch,
                    "changes",
                    changing,
                    c -> MutationInput.changeInput(
                            batch,
                            c,
                            "delta",
                            deltas.get(c.getInventoryItemId()),
                            levels.get(c.getInventoryItemId()).available()));
            ShopifyClient.Call call = calls.send(
                    ShopifyDocuments.ADJUST,
                    Map.of("input", input, "key", key),
                    ShopifyDocuments.MUTATION_COST,
                    deadline);
            JsonNode payload = call.reply().body().path("data").path("inventoryAdjustQuantities");
            Verdict v = call.verdict();
            if (v instanceof Verdict.Applied) {
                metrics.ordersKept.record(kept);
                calls.record(batch, changing.size());
                if (kept > 0) {
                    LOG.info(
                            "shop {}: SET batch {} at {}: {} changed, {} units of open Shopify orders kept",
                            shop,
                            batch.getBatchId(),
                            batch.getShopifyLocationId(),
                            changing.size(),
                            kept);
                }
                return new BatchApplier.Outcome(refused, false, null);
            } else if (v instanceof Verdict.ItemErrors) {
                int before = refused.size();
                MutationInput.setAside(changing, payload, refused);
                if (refused.size() == before) {
                    return new BatchApplier.Outcome(
                            refused,
                            true,
                            "item errors Shopify did not tie to a change: "
                                    + MutationInput.firstMessage(
                                            payload, call.reply().body()));
                }
                refused.subList(before, refused.size())
                        .forEach(r -> targets.remove(r.change().getInventoryItemId()));
            } else if (v instanceof Verdict.NewKey) {
                newKeys++;
            } else if (v instanceof Verdict.BatchRejected r) {
                return new BatchApplier.Outcome(
                        refused,
                        true,
                        r.code() + ": "
                                + MutationInput.firstMessage(
                                        payload, call.reply().body()));
            } else if (v instanceof Verdict.Stale) {
                metrics.staleRereads.record();
            } else {
                throw new IllegalStateException("unexpected verdict " + v);
            }
        }
        if (!targets.isEmpty()) {
            throw new ShopifyClient.BudgetExhausted("batch " + batch.getBatchId()
                    + ": levels or orders kept changing under compare-and-swap for " + ROUNDS + " rounds");
        }
        return new BatchApplier.Outcome(refused, false, null);
    }

    /**
     * One item's order-aware target at {@code location}: {@code atp} (the cut's online ATP, plus any deltas applied
     * since the cut) less the units of the location's orders the OMS has not reserved, plus reserved units Shopify
     * restocked.
     */
    static OrderAwareTarget.Result target(
            String location,
            AdjustmentChange c,
            long atp,
            Map<String, List<OpenLine>> open,
            Map<String, List<OpenLine>> gone,
            Map<String, List<OpenLine>> restockedBack,
            long committed,
            Map<String, String> kitItems) {
        // Units the OMS has accounted for per order (reserved, or reserved and released): not subtracted again.
        Map<String, Long> reserved = new HashMap<>();
        Map<String, Long> net = new HashMap<>();
        List<ReservedOrder> here = c.getReservedOrders().stream()
                .filter(r -> r.getShopifyLocationId() == null
                        || r.getShopifyLocationId().equals(location))
                .toList(); // another location's part: not here
        for (ReservedOrder r : here) {
            reserved.merge(r.getShopifyOrderId(), r.getUnits() + r.getReleased(), Long::sum);
            net.merge(r.getShopifyOrderId(), r.getUnits(), Long::sum);
        }
        // Reserved orders Shopify restocked: seen closed by a restocking cancel since the cut, or marked by the task
        // (its webhook came before the cut); one order counts once.
        Map<String, Long> back = new HashMap<>();
        restockedBack
                .getOrDefault(c.getInventoryItemId(), List.of())
                .forEach(x -> back.merge(x.shopifyOrderId(), x.remaining(), Long::sum));
        for (ReservedOrder r : here) {
            if (r.getRestocked()) {
                back.putIfAbsent(r.getShopifyOrderId(), r.getUnits());
            }
        }
        // a restock gives back only what is still reserved (a release already gave the rest back to online ATP)
        List<OpenLine> restockedLines = back.entrySet().stream()
                .map(e -> new OpenLine(e.getKey(), Math.min(e.getValue(), net.getOrDefault(e.getKey(), 0L))))
                .toList();
        return OrderAwareTarget.of(
                atp,
                reserved,
                open.getOrDefault(c.getInventoryItemId(), List.of()),
                gone.getOrDefault(c.getInventoryItemId(), List.of()),
                restockedLines,
                committed,
                KitItems.lines(c, kitItems, open, gone));
    }

    /** available and committed per item; items that do not exist or are not stocked here are refused. */
    private Map<String, InventoryLevel> readLevels(
            AdjustmentBatch batch,
            Map<String, AdjustmentChange> targets,
            List<BatchApplier.Refused> refused,
            long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        JsonNode nodes = reads.read(
                        ShopifyDocuments.READ_LEVELS,
                        Map.of("ids", List.copyOf(targets.keySet()), "location", batch.getShopifyLocationId()),
                        ShopifyDocuments.readCost(targets.size()),
                        deadline)
                .path("nodes");
        return BatchApplier.levels(nodes, batch, targets, refused);
    }

    /**
     * How long before the hard-sync request an order may have closed and still be in Shopify's count but not in online
     * ATP.
     */
    static final java.time.Duration CLOSED_BEFORE_CUT = java.time.Duration.ofSeconds(60);

    /**
     * The fulfillment orders closed at the location since a minute before the hard sync was requested (the batch's
     * windowStart; its windowEnd is the cut) still count. The Streams task may read an order's reservation only after
     * its cut (its inputs interleave, and it can lag): such an order, shipped or written off before the sink writes, is
     * in Shopify's count and not in online ATP, though no longer open. The OMS reserves before it ships, so an order
     * closed earlier than that window was reserved long before and is in online ATP already.
     */
    static java.time.Instant closedSince(AdjustmentBatch batch) {
        java.time.Instant cut = batch.getWindowEnd() != null ? batch.getWindowEnd() : java.time.Instant.now();
        java.time.Instant since =
                batch.getWindowStart() != null && batch.getWindowStart().isBefore(cut) ? batch.getWindowStart() : cut;
        return since.minus(CLOSED_BEFORE_CUT);
    }
}
