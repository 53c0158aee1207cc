package io.atpsync.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.ReservedOrder;
import io.atpsync.shopify.Gid;
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
    private final String shop;
    private final SinkMetrics metrics;

    OrderAwareSet(BatchApplier calls, String shop, SinkMetrics metrics) {
        this.calls = calls;
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
        LocationOrders orders = orders(batch, since, deadline);
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
            if (refresh(orders, deadline) == LocationOrders.Change.REMOVED) {
                metrics.staleRereads.record();
                continue;
            }
            Map<String, List<OpenLine>> open = orders.open();
            Map<String, List<OpenLine>> gone =
                    orders.closed(since, LocationOrders.State.SHIPPED, LocationOrders.State.WRITTEN_OFF);
            Map<String, List<OpenLine>> restockedBack = orders.closed(since, LocationOrders.State.RESTOCKED);
            List<AdjustmentChange> changing = new ArrayList<>();
            Map<String, Long> deltas = new TreeMap<>();
            boolean consistent = true;
            long kept = 0;
            for (AdjustmentChange c : targets.values()) {
                InventoryLevel l = levels.get(c.getInventoryItemId());
                // Units the OMS has accounted for per order (reserved, or reserved and released): not subtracted again.
                Map<String, Long> reserved = new HashMap<>();
                Map<String, Long> net = new HashMap<>();
                List<ReservedOrder> here = c.getReservedOrders().stream()
                        .filter(r -> r.getShopifyLocationId() == null
                                || r.getShopifyLocationId().equals(batch.getShopifyLocationId()))
                        .toList(); // another location's part: not here
                for (ReservedOrder r : here) {
                    reserved.merge(r.getShopifyOrderId(), r.getUnits() + r.getReleased(), Long::sum);
                    net.merge(r.getShopifyOrderId(), r.getUnits(), Long::sum);
                }
                long atp = c.getOnlineAtp() != null ? c.getOnlineAtp() : c.getQuantity();
                // Reserved orders Shopify restocked: seen closed by a restocking cancel since the cut, or marked by the
                // task
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
                OrderAwareTarget.Result t = OrderAwareTarget.of(
                        atp,
                        reserved,
                        open.getOrDefault(c.getInventoryItemId(), List.of()),
                        gone.getOrDefault(c.getInventoryItemId(), List.of()),
                        restockedLines,
                        l.committed());
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
                            reserved,
                            open.getOrDefault(c.getInventoryItemId(), List.of()),
                            gone.getOrDefault(c.getInventoryItemId(), List.of()),
                            restockedLines,
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
            String key = BatchApplier.setKey(batch.getBatchId(), read.toString(), newKeys);
            Map<String, Object> input = BatchApplier.input(
                    batch,
                    "changes",
                    changing,
                    c -> BatchApplier.changeInput(
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
                BatchApplier.setAside(changing, payload, refused);
                if (refused.size() == before) {
                    return new BatchApplier.Outcome(
                            refused,
                            true,
                            "item errors Shopify did not tie to a change: "
                                    + BatchApplier.firstMessage(
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
                                + BatchApplier.firstMessage(
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

    /** available and committed per item; items that do not exist or are not stocked here are refused. */
    private Map<String, InventoryLevel> readLevels(
            AdjustmentBatch batch,
            Map<String, AdjustmentChange> targets,
            List<BatchApplier.Refused> refused,
            long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        JsonNode nodes = read(
                        ShopifyDocuments.READ_LEVELS,
                        Map.of("ids", List.copyOf(targets.keySet()), "location", batch.getShopifyLocationId()),
                        ShopifyDocuments.readCost(targets.size()),
                        deadline)
                .path("nodes");
        return BatchApplier.levels(nodes, batch, targets, refused);
    }

    /** The last read of each location's orders, kept current for the next batches and rounds. */
    private final Map<String, LocationOrders> snapshots = new HashMap<>();
    /** After this long a location's orders are read in full again, whatever the changes read since. */
    static final long ORDERS_REREAD_MS = 15 * 60_000;
    /**
     * How much earlier than the last read's start (the sink's clock) the next changes read starts: Shopify's clock may
     * differ from ours, and its {@code updatedAt} has whole seconds. Orders read twice this way are compared, not
     * counted twice; the price is re-reading the orders of the last 2 seconds (at 10 orders a second, 20 orders: about
     * 320 points).
     */
    static final long CLOCK_MARGIN_MS = 2_000;
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
    private static java.time.Instant closedSince(AdjustmentBatch batch) {
        java.time.Instant cut = batch.getWindowEnd() != null ? batch.getWindowEnd() : java.time.Instant.now();
        java.time.Instant since =
                batch.getWindowStart() != null && batch.getWindowStart().isBefore(cut) ? batch.getWindowStart() : cut;
        return since.minus(CLOSED_BEFORE_CUT);
    }

    /**
     * The location's orders: read in full the first time, when a batch needs closes from before what is known, or after
     * {@link #ORDERS_REREAD_MS}; otherwise the last read, which each round's {@link #refresh} brings up to date after
     * its level read. Every order the batch's cut saw reserved was placed before the first read.
     */
    private LocationOrders orders(AdjustmentBatch batch, java.time.Instant since, long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        String location = batch.getShopifyLocationId();
        long now = System.currentTimeMillis();
        LocationOrders known = snapshots.get(location);
        if (known != null && !since.isBefore(known.closedSince()) && now - known.builtAt() <= ORDERS_REREAD_MS) {
            return known;
        }
        LocationOrders orders = new LocationOrders(location, since, now);
        // Two reads that split the orders by updatedAt, so none is read twice: those updated since (open or closed),
        // then
        // the open ones not updated since. One that changes or is placed in between is in neither or stale: the round's
        // refresh after its level read finds it.
        changes(orders, "updated_at:>'" + since + "'", deadline);
        eachFulfillmentOrder(
                ShopifyDocuments.OPEN_FULFILLMENT_ORDERS,
                "assigned_location_id:" + Gid.number(location) + " updated_at:<='" + since + "'",
                10,
                50,
                ShopifyDocuments::openOrdersCost,
                deadline,
                fo -> orders.merge(fulfillmentOrder(fo, orders, deadline)));
        snapshots.put(location, orders);
        LOG.debug("shop {}: read the {} fulfillment orders at {}", shop, orders.size(), location);
        return orders;
    }

    /** Merges the fulfillment orders at the location updated since the last read, and says what that changed. */
    private LocationOrders.Change refresh(LocationOrders orders, long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        long startedAt = System.currentTimeMillis();
        LocationOrders.Change change = changes(
                orders,
                "updated_at:>='" + java.time.Instant.ofEpochMilli(orders.lastRead() - CLOCK_MARGIN_MS) + "'",
                deadline);
        orders.markRead(startedAt);
        return change;
    }

    private LocationOrders.Change changes(LocationOrders orders, String updated, long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        LocationOrders.Change[] change = {LocationOrders.Change.NONE};
        // usually few: a small first page
        eachFulfillmentOrder(
                ShopifyDocuments.FULFILLMENT_ORDER_CHANGES,
                "assigned_location_id:" + Gid.number(orders.location()) + " " + updated,
                5,
                50,
                ShopifyDocuments::orderChangesCost,
                deadline,
                fo -> change[0] = change[0].and(orders.merge(fulfillmentOrder(fo, orders, deadline))));
        return change[0];
    }

    /** One fulfillment order as read: its state, and all its lines (reading further pages of them if needed). */
    private LocationOrders.FulfillmentOrder fulfillmentOrder(JsonNode fo, LocationOrders orders, long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        String id = fo.path("id").asText();
        java.time.Instant updatedAt = fo.hasNonNull("updatedAt")
                ? java.time.Instant.parse(fo.path("updatedAt").asText())
                : java.time.Instant.EPOCH;
        List<LocationOrders.Line> lines = new ArrayList<>();
        JsonNode page = fo.path("lineItems");
        while (true) {
            for (JsonNode l : page.path("nodes")) {
                lines.add(new LocationOrders.Line(
                        l.path("inventoryItemId").asText(),
                        l.path("remainingQuantity").asLong(),
                        l.path("totalQuantity").asLong()));
            }
            if (!page.path("pageInfo").path("hasNextPage").asBoolean(false)) {
                break;
            }
            Map<String, Object> more = new HashMap<>();
            more.put("id", id);
            more.put("after", page.path("pageInfo").path("endCursor").asText());
            page = read(ShopifyDocuments.FULFILLMENT_ORDER_LINES, more, 105, deadline)
                    .path("node")
                    .path("lineItems");
        }
        return new LocationOrders.FulfillmentOrder(
                id, Gid.number(fo.path("orderId").asText()), state(fo, updatedAt, orders, deadline), updatedAt, lines);
    }

    /** Open unless CLOSED or CANCELLED; then by what closed it. Moved orders' units left this location's count. */
    private LocationOrders.State state(JsonNode fo, java.time.Instant updatedAt, LocationOrders orders, long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        String status = fo.path("status").asText();
        if (!status.equals("CLOSED") && !status.equals("CANCELLED")) {
            return LocationOrders.State.OPEN;
        }
        if (fo.path("fulfillments").path("nodes").size() > 0) {
            return LocationOrders.State.SHIPPED;
        }
        JsonNode cancelledAt = fo.path("order").path("cancelledAt");
        if (cancelledAt.isNull() || cancelledAt.isMissingNode()) {
            return LocationOrders.State.MOVED;
        }
        var known = orders.known(fo.path("id").asText())
                .filter(k -> k.updatedAt().equals(updatedAt)
                        && (k.state() == LocationOrders.State.RESTOCKED
                                || k.state() == LocationOrders.State.WRITTEN_OFF));
        if (known.isPresent()) {
            return known.get().state(); // read again within the margin: its refunds were read then
        }
        return restockedOnCancel(fo.path("order").path("id").asText(), deadline)
                ? LocationOrders.State.RESTOCKED
                : LocationOrders.State.WRITTEN_OFF;
    }

    /**
     * Whether a cancelled order's refund restocked anything (asked only for the rare order cancelled in the window).
     */
    private boolean restockedOnCancel(String orderGid, long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        boolean restocked = false;
        for (JsonNode refund : read(ShopifyDocuments.ORDER_RESTOCK, Map.of("id", orderGid), 16, deadline)
                .path("node")
                .path("refunds")) {
            for (JsonNode line : refund.path("refundLineItems").path("nodes")) {
                restocked |= !line.path("restockType").asText().equals("NO_RESTOCK");
            }
        }
        return restocked;
    }

    /** One fulfillment order of a page, handled; may read further. */
    private interface FulfillmentOrderHandler {
        void handle(JsonNode fulfillmentOrder)
                throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException;
    }

    /** Every fulfillment order a {@code fulfillmentOrders(first:, after:, query:)} document returns, page by page. */
    private void eachFulfillmentOrder(
            String document,
            String query,
            int firstPage,
            int nextPages,
            java.util.function.IntToDoubleFunction cost,
            long deadline,
            FulfillmentOrderHandler handler)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        String after = null;
        do {
            int first = after == null ? firstPage : nextPages;
            Map<String, Object> vars = new HashMap<>();
            vars.put("query", query);
            vars.put("after", after);
            vars.put("first", first);
            JsonNode page =
                    read(document, vars, cost.applyAsDouble(first), deadline).path("fulfillmentOrders");
            for (JsonNode fo : page.path("nodes")) {
                handler.handle(fo);
            }
            after = page.path("pageInfo").path("hasNextPage").asBoolean(false)
                    ? page.path("pageInfo").path("endCursor").asText()
                    : null;
        } while (after != null);
    }

    /** A query's data; a query Shopify refuses (cost, shape) stops the task: no target may be guessed without it. */
    private JsonNode read(String document, Map<String, Object> variables, double cost, long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        ShopifyClient.Call call = calls.send(document, variables, cost, deadline);
        if (!(call.verdict() instanceof Verdict.Applied)) {
            JsonNode e = call.reply().body().path("errors").path(0);
            throw new ShopifyClient.Fatal("shop " + shop + ": Shopify refused a hard-sync read ("
                    + e.path("extensions").path("code").asText("?") + ": "
                    + e.path("message").asText("no message") + ")");
        }
        return call.reply().body().path("data");
    }
}
