package io.atpsync.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.ReservedOrder;
import io.atpsync.shopify.Gid;
import io.atpsync.shopify.InventoryLevel;
import io.atpsync.shopify.ShopifyClient;
import io.atpsync.shopify.ShopifyDocuments;
import io.atpsync.shopify.retry.Verdict;
import io.atpsync.sink.hardsync.OrderAwareTarget.OpenLine;
import io.atpsync.sink.hardsync.OrderAwareTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hard-sync (or compare) SET that never overwrites a Shopify order. Per round: read {@code available}
 * and {@code committed} of the batch's items at its location, then the open fulfillment orders assigned
 * there; target = online ATP − units of those orders the OMS has not reserved (see {@link OrderAwareTarget});
 * write {@code inventoryAdjustQuantities} with delta = target − available, guarded by
 * {@code changeFromQuantity} = the available read. An order placed after the read changes {@code available},
 * so the write is refused as stale and the next round's read includes it; one placed after the write is
 * decremented from the new level by Shopify itself.
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
        for (int round = 0; round < ROUNDS && !targets.isEmpty(); round++) {
            // Orders first, then levels: an order placed in between is in committed only (kept out as unexplained, and it
            // came after the cut), one closed in between is in the lines only (they exceed committed: read again). Read
            // the other way round, an order the OMS had reserved and Shopify shipped in between would be subtracted.
            // a retry round never reuses a read: what made the round fail may have changed the orders too
            Orders orders = orders(batch, round > 0, deadline);
            Map<String, InventoryLevel> levels = readLevels(batch, targets, refused, deadline);
            if (orders.reused() && changedSince(batch.getShopifyLocationId(), orders.readAt(), deadline)) {
                metrics.staleRereads.record();                // a fulfillment order there changed since the reused read:
                continue;                                     // the next round reads the orders again
            }
            Map<String, List<OpenLine>> open = orders.open();
            Map<String, List<OpenLine>> gone = orders.gone();
            Map<String, List<OpenLine>> restockedBack = orders.restocked();
            List<AdjustmentChange> changing = new ArrayList<>();
            Map<String, Long> deltas = new TreeMap<>();
            boolean consistent = true;
            long kept = 0;
            for (AdjustmentChange c : targets.values()) {
                InventoryLevel l = levels.get(c.getInventoryItemId());
                // Units the OMS has accounted for per order (reserved, or reserved and released): not subtracted again.
                Map<String, Long> reserved = new HashMap<>();
                Map<String, Long> net = new HashMap<>();
                List<ReservedOrder> here = c.getReservedOrders().stream().filter(r -> r.getShopifyLocationId() == null
                        || r.getShopifyLocationId().equals(batch.getShopifyLocationId())).toList(); // another location's part: not here
                for (ReservedOrder r : here) {
                    reserved.merge(r.getShopifyOrderId(), r.getUnits() + r.getReleased(), Long::sum);
                    net.merge(r.getShopifyOrderId(), r.getUnits(), Long::sum);
                }
                long atp = c.getOnlineAtp() != null ? c.getOnlineAtp() : c.getQuantity();
                // Reserved orders Shopify restocked: seen closed by a restocking cancel since the cut, or marked by the task
                // (its webhook came before the cut); one order counts once.
                Map<String, Long> back = new HashMap<>();
                restockedBack.getOrDefault(c.getInventoryItemId(), List.of()).forEach(x -> back.merge(x.shopifyOrderId(), x.remaining(), Long::sum));
                for (ReservedOrder r : here) {
                    if (r.getRestocked()) {
                        back.putIfAbsent(r.getShopifyOrderId(), r.getUnits());
                    }
                }
                // a restock gives back only what is still reserved (a release already gave the rest back to online ATP)
                List<OpenLine> restockedLines = back.entrySet().stream()
                        .map(e -> new OpenLine(e.getKey(), Math.min(e.getValue(), net.getOrDefault(e.getKey(), 0L)))).toList();
                OrderAwareTarget.Result t = OrderAwareTarget.of(atp, reserved, open.getOrDefault(c.getInventoryItemId(), List.of()),
                        gone.getOrDefault(c.getInventoryItemId(), List.of()), restockedLines, l.committed());
                consistent &= t.consistent();
                kept += t.unreserved() + t.unexplained();
                if (LOG.isDebugEnabled() && (t.target() != l.available() || t.unreserved() + t.unexplained() > 0)) {
                    LOG.debug("shop {}: SET batch {} round {} at {}: {} available {} committed {} onlineAtp {} reserved {} open {} gone {} "
                            + "restocked {} -> target {} (unreserved {}, unexplained {}, consistent {})", shop, batch.getBatchId(), round,
                            batch.getShopifyLocationId(), c.getSku(), l.available(), l.committed(), atp, reserved,
                            open.getOrDefault(c.getInventoryItemId(), List.of()), gone.getOrDefault(c.getInventoryItemId(), List.of()),
                            restockedLines, t.target(), t.unreserved(), t.unexplained(), t.consistent());
                }
                if (t.target() != l.available()) {
                    changing.add(c);
                    deltas.put(c.getInventoryItemId(), t.target() - l.available());
                }
            }
            if (!consistent) {                                // an order closed since the orders were read: read them again
                metrics.staleRereads.record();                // (never write from such a read: the target would be a guess)
                continue;
            }
            if (changing.isEmpty()) {
                calls.record(batch, 0);
                return new BatchApplier.Outcome(refused, false, null);
            }
            // The content depends on what was read, so the key does too: a redelivery that reads the same levels
            // sends the same call under the same key; a key whose attempt failed is never reused.
            Map<String, String> read = new TreeMap<>();
            changing.forEach(c -> read.put(c.getInventoryItemId(), levels.get(c.getInventoryItemId()).available() + ">"
                    + deltas.get(c.getInventoryItemId())));
            String key = BatchApplier.setKey(batch.getBatchId(), read.toString(), newKeys);
            Map<String, Object> input = BatchApplier.input(batch, "changes", changing, c -> BatchApplier.changeInput(batch, c, "delta",
                    deltas.get(c.getInventoryItemId()), levels.get(c.getInventoryItemId()).available()));
            ShopifyClient.Call call = calls.send(ShopifyDocuments.ADJUST, Map.of("input", input, "key", key), ShopifyDocuments.MUTATION_COST,
                    deadline);
            JsonNode payload = call.reply().body().path("data").path("inventoryAdjustQuantities");
            Verdict v = call.verdict();
            if (v instanceof Verdict.Applied) {
                metrics.ordersKept.record(kept);
                calls.record(batch, changing.size());
                if (kept > 0) {
                    LOG.info("shop {}: SET batch {} at {}: {} changed, {} units of open Shopify orders kept", shop, batch.getBatchId(),
                            batch.getShopifyLocationId(), changing.size(), kept);
                }
                return new BatchApplier.Outcome(refused, false, null);
            } else if (v instanceof Verdict.ItemErrors) {
                int before = refused.size();
                BatchApplier.setAside(changing, payload, refused);
                if (refused.size() == before) {
                    return new BatchApplier.Outcome(refused, true, "item errors Shopify did not tie to a change: "
                            + BatchApplier.firstMessage(payload, call.reply().body()));
                }
                refused.subList(before, refused.size()).forEach(r -> targets.remove(r.change().getInventoryItemId()));
            } else if (v instanceof Verdict.NewKey) {
                newKeys++;
            } else if (v instanceof Verdict.BatchRejected r) {
                return new BatchApplier.Outcome(refused, true, r.code() + ": " + BatchApplier.firstMessage(payload, call.reply().body()));
            } else if (v instanceof Verdict.Stale) {
                metrics.staleRereads.record();
            } else {
                throw new IllegalStateException("unexpected verdict " + v);
            }
        }
        if (!targets.isEmpty()) {
            throw new ShopifyClient.BudgetExhausted("batch " + batch.getBatchId() + ": levels or orders kept changing under compare-and-swap for "
                    + ROUNDS + " rounds");
        }
        return new BatchApplier.Outcome(refused, false, null);
    }

    /** available and committed per item; items that do not exist or are not stocked here are refused. */
    private Map<String, InventoryLevel> readLevels(AdjustmentBatch batch, Map<String, AdjustmentChange> targets,
                                                   List<BatchApplier.Refused> refused, long deadline) throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        JsonNode nodes = read(ShopifyDocuments.READ_LEVELS, Map.of("ids", List.copyOf(targets.keySet()), "location", batch.getShopifyLocationId()),
                ShopifyDocuments.readCost(targets.size()), deadline).path("nodes");
        return BatchApplier.levels(nodes, batch, targets, refused);
    }

    /** One open fulfillment-order line: its item and what is left of it. */
    private record ItemLine(String inventoryItemId, OpenLine line) {
    }

    /**
     * Per fulfillment order id: the open lines assigned to the location (CLOSED and CANCELLED hold nothing), so a
     * fulfillment order that the closed-orders read, made just after, finds closed is counted once, as closed.
     */
    private Map<String, List<ItemLine>> readOpenLines(String locationId, long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        Map<String, List<ItemLine>> open = new LinkedHashMap<>();
        // most locations have few open orders: a small first page
        eachFulfillmentOrder(ShopifyDocuments.OPEN_FULFILLMENT_ORDERS, "assigned_location_id:" + Gid.number(locationId), 10, 50,
                ShopifyDocuments::openOrdersCost, deadline, fo -> {
                    String status = fo.path("status").asText();
                    if (status.equals("CLOSED") || status.equals("CANCELLED")) {
                        return;
                    }
                    String order = Gid.number(fo.path("orderId").asText());
                    JsonNode lines = fo.path("lineItems");
                    while (true) {
                        for (JsonNode l : lines.path("nodes")) {
                            open.computeIfAbsent(fo.path("id").asText(), k -> new ArrayList<>())
                                    .add(new ItemLine(l.path("inventoryItemId").asText(), new OpenLine(order, l.path("remainingQuantity").asLong())));
                        }
                        if (!lines.path("pageInfo").path("hasNextPage").asBoolean(false)) {
                            break;
                        }
                        Map<String, Object> more = new HashMap<>();
                        more.put("id", fo.path("id").asText());
                        more.put("after", lines.path("pageInfo").path("endCursor").asText());
                        lines = read(ShopifyDocuments.FULFILLMENT_ORDER_LINES, more, 105, deadline).path("node").path("lineItems");
                    }
                });
        return open;
    }

    /** What was read of a location's orders, and when. */
    private record Orders(long readAt, Map<String, List<OpenLine>> open, Closed closed, boolean reused) {
        Orders asReused() {
            return new Orders(readAt, open, closed, true);
        }

        Map<String, List<OpenLine>> gone() {
            return closed.gone();
        }

        Map<String, List<OpenLine>> restocked() {
            return closed.restocked();
        }
    }

    /** The last read of each location's orders, for the next batches of the same hard sync. */
    private final Map<String, Orders> cachedOrders = new HashMap<>();
    static final long ORDERS_REUSE_MS = 60_000;
    /** How much earlier than the sink's clock a fulfillment order's {@code updatedAt} may read (Shopify's clock). */
    static final long CLOCK_MARGIN_MS = 2_000;

    /**
     * The location's open orders and those closed since shortly before the hard sync, read just before the round's
     * levels: every order the batch's cut saw reserved was placed before the read, so it is in it (open or closed); an
     * order placed since raises {@code committed} and is kept out as unexplained; one closed since makes the open lines
     * exceed {@code committed}, and the round reads again.
     *
     * <p>A read is reused (for up to a minute) by the first round of a later batch of the location whose cut came before
     * it, and then only when no fulfillment order there has changed since the read, checked after the level read
     * ({@link #changedSince}). Chaos R5 found why: a reserved order shipped after a read and a new order placed after it
     * cancel out in {@code committed}; with the old read's lines the new order looked explained, and the SET wrote its
     * unit back (1 unit doubled). A retry round never reuses a read.
     */
    private Orders orders(AdjustmentBatch batch, boolean fresh, long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        long now = System.currentTimeMillis();
        Orders c = cachedOrders.get(batch.getShopifyLocationId());
        long cut = batch.getWindowEnd() == null ? now : batch.getWindowEnd().toEpochMilli();
        if (!fresh && c != null && cut <= c.readAt() && now - c.readAt() <= ORDERS_REUSE_MS) {
            return c.asReused();
        }
        long readAt = System.currentTimeMillis();
        Map<String, List<ItemLine>> openByOrder = readOpenLines(batch.getShopifyLocationId(), deadline);
        Closed closed = readClosedLines(batch, deadline);
        // A fulfillment order that closed between the two reads is in both: it counts once, as closed (counted twice, a
        // shipped order the OMS had not reserved would be subtracted twice; one it had, once too often).
        Map<String, List<OpenLine>> open = new HashMap<>();
        openByOrder.forEach((fulfillmentOrder, lines) -> {
            if (!closed.ids().contains(fulfillmentOrder)) {
                lines.forEach(l -> open.computeIfAbsent(l.inventoryItemId(), k -> new ArrayList<>()).add(l.line()));
            }
        });
        Orders read = new Orders(readAt, open, closed, false);
        cachedOrders.put(batch.getShopifyLocationId(), read);
        return read;
    }

    /** Whether any fulfillment order at the location (open or closed) was updated since {@code readAt}: one cheap read. */
    private boolean changedSince(String locationId, long readAt, long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        String query = "assigned_location_id:" + Gid.number(locationId) + " updated_at:>='"
                + java.time.Instant.ofEpochMilli(readAt - CLOCK_MARGIN_MS) + "'";
        return read(ShopifyDocuments.CHANGED_FULFILLMENT_ORDERS, Map.of("query", query), ShopifyDocuments.CHANGED_ORDERS_COST, deadline)
                .path("fulfillmentOrders").path("nodes").size() > 0;
    }

    /** How long before the hard-sync request an order may have closed and still be in Shopify's count but not in online ATP. */
    static final java.time.Duration CLOSED_BEFORE_CUT = java.time.Duration.ofSeconds(60);

    /**
     * Per inventory item, units of fulfillment orders closed at the location: {@code gone} left Shopify's
     * {@code available} for good (shipped, or cancelled without restock), {@code restocked} came back to it.
     */
    private record Closed(Map<String, List<OpenLine>> gone, Map<String, List<OpenLine>> restocked, java.util.Set<String> ids) {
    }

    /**
     * The fulfillment orders at the location closed since a minute before the hard sync was requested (the batch's
     * windowStart; its windowEnd is the cut). The Streams task may read an order's reservation only after its cut (its
     * inputs interleave, and it can lag): such an order, shipped or written off before the sink writes, is in Shopify's
     * count and not in online ATP, though no longer open. The OMS reserves before it ships, so an order closed earlier
     * than that window was reserved long before and is in online ATP already. Moved orders are left out: their units
     * left this location's count.
     */
    private Closed readClosedLines(AdjustmentBatch batch, long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        java.time.Instant cut = batch.getWindowEnd() != null ? batch.getWindowEnd() : java.time.Instant.now();
        java.time.Instant since = batch.getWindowStart() != null && batch.getWindowStart().isBefore(cut) ? batch.getWindowStart() : cut;
        String query = "assigned_location_id:" + Gid.number(batch.getShopifyLocationId()) + " status:closed updated_at:>'"
                + since.minus(CLOSED_BEFORE_CUT) + "'";
        Closed closed = new Closed(new HashMap<>(), new HashMap<>(), new java.util.HashSet<>());
        // usually few: a small first page
        eachFulfillmentOrder(ShopifyDocuments.CLOSED_FULFILLMENT_ORDERS, query, 5, 30, ShopifyDocuments::closedOrdersCost, deadline, fo -> {
            closed.ids().add(fo.path("id").asText());
            boolean shipped = fo.path("fulfillments").path("nodes").size() > 0;
            JsonNode cancelledAt = fo.path("order").path("cancelledAt");
            if (!shipped && (cancelledAt.isNull() || cancelledAt.isMissingNode())) {
                return;                                         // moved away
            }
            boolean restocked = !shipped && restockedOnCancel(fo.path("order").path("id").asText(), deadline);
            String order = Gid.number(fo.path("orderId").asText());
            for (JsonNode l : fo.path("lineItems").path("nodes")) {
                (restocked ? closed.restocked() : closed.gone()).computeIfAbsent(l.path("inventoryItemId").asText(), k -> new ArrayList<>())
                        .add(new OpenLine(order, l.path("totalQuantity").asLong()));
            }
        });
        return closed;
    }

    /** Whether a cancelled order's refund restocked anything (asked only for the rare order cancelled in the window). */
    private boolean restockedOnCancel(String orderGid, long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        boolean restocked = false;
        for (JsonNode refund : read(ShopifyDocuments.ORDER_RESTOCK, Map.of("id", orderGid), 16, deadline).path("node").path("refunds")) {
            for (JsonNode line : refund.path("refundLineItems").path("nodes")) {
                restocked |= !line.path("restockType").asText().equals("NO_RESTOCK");
            }
        }
        return restocked;
    }

    /** One fulfillment order of a page, handled; may read further. */
    private interface FulfillmentOrderHandler {
        void handle(JsonNode fulfillmentOrder) throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException;
    }

    /** Every fulfillment order a {@code fulfillmentOrders(first:, after:, query:)} document returns, page by page. */
    private void eachFulfillmentOrder(String document, String query, int firstPage, int nextPages,
                                      java.util.function.IntToDoubleFunction cost, long deadline, FulfillmentOrderHandler handler)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        String after = null;
        do {
            int first = after == null ? firstPage : nextPages;
            Map<String, Object> vars = new HashMap<>();
            vars.put("query", query);
            vars.put("after", after);
            vars.put("first", first);
            JsonNode page = read(document, vars, cost.applyAsDouble(first), deadline).path("fulfillmentOrders");
            for (JsonNode fo : page.path("nodes")) {
                handler.handle(fo);
            }
            after = page.path("pageInfo").path("hasNextPage").asBoolean(false) ? page.path("pageInfo").path("endCursor").asText() : null;
        } while (after != null);
    }

    /** A query's data; a query Shopify refuses (cost, shape) stops the task: no target may be guessed without it. */
    private JsonNode read(String document, Map<String, Object> variables, double cost, long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        ShopifyClient.Call call = calls.send(document, variables, cost, deadline);
        if (!(call.verdict() instanceof Verdict.Applied)) {
            JsonNode e = call.reply().body().path("errors").path(0);
            throw new ShopifyClient.Fatal("shop " + shop + ": Shopify refused a hard-sync read (" + e.path("extensions").path("code").asText("?")
                    + ": " + e.path("message").asText("no message") + ")");
        }
        return call.reply().body().path("data");
    }
}
