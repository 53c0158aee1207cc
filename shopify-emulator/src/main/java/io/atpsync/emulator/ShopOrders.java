package io.atpsync.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One shop's orders as Shopify takes them from shoppers: checkout, cancel, fulfilment and moves of fulfillment orders,
 * each moving the shop's quantities and sending its webhooks, under the shop's lock.
 */
final class ShopOrders {

    private final Shop shop;

    ShopOrders(Shop shop) {
        this.shop = shop;
        this.orders = new OrderBook(
                new OrderBook.Quantities() {
                    @Override
                    public boolean stocked(String itemId, String locationId) {
                        return shop.stocked(itemId, locationId);
                    }

                    @Override
                    public void move(String itemId, String locationId, long available, long onHand, long committed) {
                        shop.moveQuantities(itemId, locationId, available, onHand, committed);
                    }
                },
                shop::nextOrderId);
    }

    /** Orders and their fulfillment orders; their quantity moves go through {@link Shop#moveQuantities}. */
    private final OrderBook orders;

    /**
     * A shopper's order, as Shopify takes it at checkout: each line's units move from {@code available} to
     * {@code committed} at the location Shopify's order routing assigns (here the caller's {@code locationId} per
     * line), one fulfillment order per location. {@code sourceName} "web" (online, the order's {@code location_id} is
     * null) or "pos" (the order's {@code location_id} is the store's). Sends orders/create in Shopify's shape.
     */
    Map<String, Object> order(long orderId, String sourceName, String posLocationId, List<Map<String, Object>> lines) {
        synchronized (shop) {
            List<OrderBook.Wanted> wanted = new ArrayList<>();
            for (Map<String, Object> line : lines) {
                String sku = String.valueOf(line.get("sku"));
                String locationId =
                        line.get("locationId") != null ? String.valueOf(line.get("locationId")) : posLocationId;
                if (locationId == null) {
                    throw new IllegalArgumentException(
                            "line " + sku + ": no locationId (the location Shopify's order routing assigns it to)");
                }
                long quantity = ((Number) line.getOrDefault("quantity", 1)).longValue();
                Model.Item item = shop.itemBySku(sku)
                        .orElseThrow(() -> new IllegalArgumentException("no inventory item with sku " + sku));
                wanted.add(new OrderBook.Wanted(sku, item.id(), item.variantId(), quantity, locationId));
            }
            Model.Order o = orders.place(orderId, sourceName, "pos".equals(sourceName) ? posLocationId : null, wanted);
            return sendOrder("orders/create", o);
        }
    }

    /** orderCancel: restocks (or not) what is still committed; sends orders/cancelled and orders/updated. */
    Map<String, Object> cancel(long orderId, boolean restock, String reason) {
        synchronized (shop) {
            Model.Order o = orders.cancel(orderId, restock, reason);
            sendOrder("orders/updated", o);
            return sendOrder("orders/cancelled", o);
        }
    }

    /**
     * Fulfils the order's open fulfillment orders (committed and on_hand down); sends orders/fulfilled and
     * orders/updated.
     */
    Map<String, Object> fulfill(long orderId) {
        synchronized (shop) {
            Model.Order o = orders.fulfill(orderId);
            sendOrder("orders/fulfilled", o);
            return sendOrder("orders/updated", o);
        }
    }

    /** fulfillmentOrderMove: the committed units follow to the new location; sends fulfillment_orders/moved. */
    Map<String, Object> moveFulfillmentOrder(String fulfillmentOrderId, String newLocationId) {
        synchronized (shop) {
            OrderBook.Moved m = orders.move(fulfillmentOrderId, newLocationId);
            Map<String, Object> payload = OrderPayloads.moved(m);
            shop.send("fulfillment_orders/moved", payload);
            return payload;
        }
    }

    Model.FulfillmentOrder startFulfillment(String fulfillmentOrderId) {
        synchronized (shop) {
            return orders.start(fulfillmentOrderId);
        }
    }

    Optional<Model.Order> findOrder(long orderId) {
        synchronized (shop) {
            return orders.find(orderId);
        }
    }

    List<Model.Order> orders() {
        synchronized (shop) {
            return orders.orders();
        }
    }

    List<Model.FulfillmentOrder> fulfillmentOrders(long orderId) {
        synchronized (shop) {
            return orders.of(orderId);
        }
    }

    List<Model.FulfillmentOrder> fulfillmentOrders() {
        synchronized (shop) {
            return orders.fulfillmentOrders();
        }
    }

    Optional<Model.FulfillmentOrder> fulfillmentOrder(String id) {
        synchronized (shop) {
            return orders.findFulfillmentOrder(id);
        }
    }

    private Map<String, Object> sendOrder(String topic, Model.Order o) {
        Map<String, Object> payload = OrderPayloads.order(o, orders.of(o.id()));
        shop.send(topic, payload);
        return payload;
    }
}
