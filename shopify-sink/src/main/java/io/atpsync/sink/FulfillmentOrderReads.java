package io.atpsync.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.shopify.Gid;
import io.atpsync.shopify.ShopifyClient;
import io.atpsync.shopify.ShopifyDocuments;
import io.atpsync.shopify.retry.Verdict;
import io.atpsync.sink.hardsync.LocationOrders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a location's fulfillment orders from Shopify for an order-aware SET ({@link LocationOrders}): in full once,
 * then only those updated since the last read.
 */
final class FulfillmentOrderReads {

    private static final Logger LOG = LoggerFactory.getLogger(FulfillmentOrderReads.class);

    private final BatchApplier calls;
    private final String shop;

    FulfillmentOrderReads(BatchApplier calls, String shop) {
        this.calls = calls;
        this.shop = shop;
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
     * The location's orders: read in full the first time, when a batch needs closes from before what is known, or after
     * {@link #ORDERS_REREAD_MS}; otherwise the last read, which each round's {@link #refresh} brings up to date after
     * its level read. Every order the batch's cut saw reserved was placed before the first read.
     */
    LocationOrders orders(AdjustmentBatch batch, java.time.Instant since, long deadline)
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

    /**
     * Reads the orders of each of {@code locations} without a fresh read in two shop-wide reads, sorted by each
     * fulfillment order's assigned location, for {@link #orders} to find: a bulk hard sync of 50 locations pays for 2
     * reads, not 100 (about 184 points each even with no orders). Orders at other locations are read and dropped.
     */
    void readAll(java.util.Set<String> locations, java.time.Instant since, long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        long now = System.currentTimeMillis();
        Map<String, LocationOrders> fresh = new HashMap<>();
        for (String location : locations) {
            LocationOrders known = snapshots.get(location);
            if (known == null || since.isBefore(known.closedSince()) || now - known.builtAt() > ORDERS_REREAD_MS) {
                fresh.put(location, new LocationOrders(location, since, now));
            }
        }
        if (fresh.size() < 2) {
            return; // one location: its own read, filtered to it, costs no more
        }
        FulfillmentOrderHandler sort = fo -> {
            LocationOrders at = fresh.get(
                    fo.path("assignedLocation").path("location").path("id").asText());
            if (at != null) {
                at.merge(fulfillmentOrder(fo, at, deadline));
            }
        };
        int extra = ShopifyDocuments.ASSIGNED_LOCATION_COST;
        eachFulfillmentOrder(
                ShopifyDocuments.withAssignedLocation(ShopifyDocuments.FULFILLMENT_ORDER_CHANGES),
                "updated_at:>'" + since + "'",
                5,
                50,
                first -> ShopifyDocuments.orderChangesCost(first) + first * extra,
                deadline,
                sort);
        eachFulfillmentOrder(
                ShopifyDocuments.withAssignedLocation(ShopifyDocuments.OPEN_FULFILLMENT_ORDERS),
                "updated_at:<='" + since + "'",
                10,
                50,
                first -> ShopifyDocuments.openOrdersCost(first) + first * extra,
                deadline,
                sort);
        snapshots.putAll(fresh);
        LOG.debug("shop {}: read the fulfillment orders of {} locations at once", shop, fresh.size());
    }

    /** Merges the fulfillment orders at the location updated since the last read, and says what that changed. */
    LocationOrders.Change refresh(LocationOrders orders, long deadline)
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
    JsonNode read(String document, Map<String, Object> variables, double cost, long deadline)
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
