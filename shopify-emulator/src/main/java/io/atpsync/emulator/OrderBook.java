package io.atpsync.emulator;

import io.atpsync.emulator.Model.FulfillmentOrder;
import io.atpsync.emulator.Model.FulfillmentOrderLine;
import io.atpsync.emulator.Model.LineItem;
import io.atpsync.emulator.Model.Order;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The orders of one shop and their fulfillment orders, with Shopify's inventory effects
 * (https://shopify.dev/docs/apps/build/orders-fulfillment/inventory-management-apps/manage-quantities-states): an order
 * moves units from {@code available} to {@code committed} at the location its fulfillment order is assigned to;
 * fulfilling takes them from {@code committed} and {@code on_hand}; a cancel with restock gives them back to
 * {@code available}, one without restock takes them out of {@code on_hand}; a move hands them to the new location.
 * Called under the shop's lock.
 */
final class OrderBook {

    /** The shop's quantities, as the order book changes them. */
    interface Quantities {
        /** Whether the item is stocked at the location. */
        boolean stocked(String itemId, String locationId);

        /** Adds the three deltas to the level. */
        void move(String itemId, String locationId, long available, long onHand, long committed);
    }

    /** One line the caller orders; {@code locationId} is where Shopify's order routing assigns it. */
    record Wanted(String sku, String itemId, String variantId, long quantity, String locationId) {}

    private final Map<Long, Order> orders = new LinkedHashMap<>();
    private final Map<String, FulfillmentOrder> fulfillmentOrders = new LinkedHashMap<>();
    private final Quantities quantities;
    private final java.util.function.LongSupplier ids;

    OrderBook(Quantities quantities, java.util.function.LongSupplier ids) {
        this.quantities = quantities;
        this.ids = ids;
    }

    /** Places an order: one fulfillment order per assigned location, each line's units committed there. */
    Order place(long orderId, String sourceName, String posLocationId, List<Wanted> wanted) {
        if (orders.containsKey(orderId)) {
            throw new IllegalArgumentException("order " + orderId + " exists");
        }
        for (Wanted w : wanted) {
            if (w.quantity() <= 0) {
                throw new IllegalArgumentException("line " + w.sku() + ": quantity must be > 0");
            }
            if (!quantities.stocked(w.itemId(), w.locationId())) {
                throw new IllegalArgumentException(w.sku() + " is not stocked at " + w.locationId());
            }
        }
        Instant now = Instant.now();
        List<LineItem> lines = new ArrayList<>();
        Map<String, List<FulfillmentOrderLine>> byLocation = new LinkedHashMap<>();
        for (Wanted w : wanted) {
            LineItem line = new LineItem(ids.getAsLong(), w.sku(), w.itemId(), w.variantId(), w.quantity());
            lines.add(line);
            byLocation
                    .computeIfAbsent(w.locationId(), l -> new ArrayList<>())
                    .add(new FulfillmentOrderLine(
                            Gid.of("FulfillmentOrderLineItem", ids.getAsLong()),
                            line.id(),
                            w.itemId(),
                            w.sku(),
                            w.quantity(),
                            w.quantity()));
            quantities.move(w.itemId(), w.locationId(), -w.quantity(), 0, w.quantity());
        }
        Order order = new Order(
                orderId,
                "#" + orderId,
                sourceName,
                posLocationId,
                List.copyOf(lines),
                now,
                now,
                null,
                null,
                null,
                null);
        orders.put(orderId, order);
        byLocation.forEach((location, foLines) -> add(new FulfillmentOrder(
                Gid.of("FulfillmentOrder", ids.getAsLong()),
                orderId,
                location,
                "OPEN",
                List.copyOf(foLines),
                now,
                now,
                null)));
        return order;
    }

    /** Cancels an order: what its open fulfillment orders still hold is restocked or written off. */
    Order cancel(long orderId, boolean restock, String reason) {
        Order o = order(orderId);
        if (o.cancelledAt() != null) {
            throw new IllegalArgumentException("order " + orderId + " is already cancelled");
        }
        Instant now = Instant.now();
        for (FulfillmentOrder fo : of(orderId)) {
            if (!fo.holdsInventory()) {
                continue;
            }
            for (FulfillmentOrderLine l : fo.lines()) {
                long r = l.remainingQuantity();
                quantities.move(l.itemId(), fo.locationId(), restock ? r : 0, restock ? 0 : -r, -r);
            }
            replace(fo, "CLOSED", fo.lines().stream().map(l -> remaining(l, 0)).toList(), now, "CANCELLED");
        }
        Order cancelled = new Order(
                o.id(),
                o.name(),
                o.sourceName(),
                o.locationId(),
                o.lines(),
                o.createdAt(),
                now,
                now,
                reason == null ? "customer" : reason,
                restock,
                o.fulfillmentStatus());
        orders.put(orderId, cancelled);
        return cancelled;
    }

    /** Fulfils every open fulfillment order of an order: its units leave {@code committed} and {@code on_hand}. */
    Order fulfill(long orderId) {
        Order o = order(orderId);
        Instant now = Instant.now();
        for (FulfillmentOrder fo : of(orderId)) {
            if (!fo.holdsInventory()) {
                continue;
            }
            for (FulfillmentOrderLine l : fo.lines()) {
                quantities.move(l.itemId(), fo.locationId(), 0, -l.remainingQuantity(), -l.remainingQuantity());
            }
            replace(
                    fo,
                    "CLOSED",
                    fo.lines().stream().map(l -> remaining(l, 0)).toList(),
                    now,
                    FulfillmentOrder.FULFILLED);
        }
        Order fulfilled = new Order(
                o.id(),
                o.name(),
                o.sourceName(),
                o.locationId(),
                o.lines(),
                o.createdAt(),
                now,
                o.cancelledAt(),
                o.cancelReason(),
                o.restocked(),
                "fulfilled");
        orders.put(orderId, fulfilled);
        return fulfilled;
    }

    /** Marks a fulfillment order IN_PROGRESS (the location started on it; its units stay committed). */
    FulfillmentOrder start(String fulfillmentOrderId) {
        FulfillmentOrder fo = fulfillmentOrder(fulfillmentOrderId);
        if (!fo.status().equals("OPEN")) {
            throw new IllegalArgumentException("fulfillment order " + fulfillmentOrderId + " is " + fo.status());
        }
        return replace(fo, "IN_PROGRESS", fo.lines(), Instant.now(), null);
    }

    /** The result of a move, as Shopify's fulfillmentOrderMove and the fulfillment_orders/moved webhook report it. */
    record Moved(FulfillmentOrder original, FulfillmentOrder moved, String sourceLocationId) {}

    /**
     * fulfillmentOrderMove: the remaining lines go to a new fulfillment order at the new location; the original is
     * closed. The committed units move with them.
     */
    Moved move(String fulfillmentOrderId, String newLocationId) {
        FulfillmentOrder fo = fulfillmentOrder(fulfillmentOrderId);
        if (!fo.status().equals("OPEN")) {
            throw new IllegalArgumentException(
                    "fulfillment order " + fulfillmentOrderId + " is " + fo.status() + ": only OPEN ones move");
        }
        if (fo.locationId().equals(newLocationId)) {
            throw new IllegalArgumentException(
                    "fulfillment order " + fulfillmentOrderId + " is already assigned to " + newLocationId);
        }
        for (FulfillmentOrderLine l : fo.lines()) {
            if (!quantities.stocked(l.itemId(), newLocationId)) {
                throw new IllegalArgumentException(l.sku() + " is not stocked at " + newLocationId);
            }
        }
        Instant now = Instant.now();
        List<FulfillmentOrderLine> moving = new ArrayList<>();
        for (FulfillmentOrderLine l : fo.lines()) {
            long r = l.remainingQuantity();
            quantities.move(l.itemId(), fo.locationId(), r, 0, -r);
            quantities.move(l.itemId(), newLocationId, -r, 0, r);
            moving.add(new FulfillmentOrderLine(
                    Gid.of("FulfillmentOrderLineItem", ids.getAsLong()), l.lineItemId(), l.itemId(), l.sku(), r, r));
        }
        FulfillmentOrder closed = replace(
                fo, "CLOSED", fo.lines().stream().map(l -> remaining(l, 0)).toList(), now, "MOVED");
        FulfillmentOrder moved = new FulfillmentOrder(
                Gid.of("FulfillmentOrder", ids.getAsLong()),
                fo.orderId(),
                newLocationId,
                "OPEN",
                List.copyOf(moving),
                now,
                now,
                null);
        add(moved);
        return new Moved(closed, moved, fo.locationId());
    }

    Order order(long orderId) {
        Order o = orders.get(orderId);
        if (o == null) {
            throw new IllegalArgumentException("no order " + orderId);
        }
        return o;
    }

    Optional<Order> find(long orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    List<Order> orders() {
        return List.copyOf(orders.values());
    }

    /** The fulfillment orders of an order, oldest first. */
    List<FulfillmentOrder> of(long orderId) {
        return fulfillmentOrders.values().stream()
                .filter(f -> f.orderId() == orderId)
                .toList();
    }

    List<FulfillmentOrder> fulfillmentOrders() {
        return List.copyOf(fulfillmentOrders.values());
    }

    Optional<FulfillmentOrder> findFulfillmentOrder(String id) {
        return Optional.ofNullable(fulfillmentOrders.get(id));
    }

    private FulfillmentOrder fulfillmentOrder(String id) {
        return findFulfillmentOrder(id).orElseThrow(() -> new IllegalArgumentException("no fulfillment order " + id));
    }

    private void add(FulfillmentOrder fo) {
        fulfillmentOrders.put(fo.id(), fo);
    }

    private FulfillmentOrder replace(
            FulfillmentOrder fo, String status, List<FulfillmentOrderLine> lines, Instant at, String closedBy) {
        FulfillmentOrder next = new FulfillmentOrder(
                fo.id(), fo.orderId(), fo.locationId(), status, List.copyOf(lines), fo.createdAt(), at, closedBy);
        fulfillmentOrders.put(fo.id(), next);
        return next;
    }

    private static FulfillmentOrderLine remaining(FulfillmentOrderLine l, long remaining) {
        return new FulfillmentOrderLine(l.id(), l.lineItemId(), l.itemId(), l.sku(), l.totalQuantity(), remaining);
    }
}
