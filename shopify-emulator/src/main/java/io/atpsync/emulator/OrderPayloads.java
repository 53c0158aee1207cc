package io.atpsync.emulator;

import io.atpsync.emulator.Model.FulfillmentOrder;
import io.atpsync.emulator.Model.LineItem;
import io.atpsync.emulator.Model.Order;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Order webhook bodies in Shopify's documented shape (the examples on shopify.dev's webhook reference, kept in the
 * tests as {@code shopify-examples/2026-07/orders-*.json}): a subset of the documented fields, never a field Shopify
 * does not send. In particular no line item has a location, and an online order's {@code location_id} is null; where
 * units are committed is only in the order's fulfillment orders.
 */
final class OrderPayloads {

    private OrderPayloads() {}

    /** The body of orders/create, orders/updated and orders/cancelled. */
    static Map<String, Object> order(Order o, List<FulfillmentOrder> fulfillmentOrders) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", o.id());
        p.put("admin_graphql_api_id", o.gid());
        p.put("app_id", null);
        p.put("cancel_reason", o.cancelReason());
        p.put("cancelled_at", o.cancelledAt() == null ? null : o.cancelledAt().toString());
        p.put("closed_at", null);
        p.put("confirmed", true);
        p.put("created_at", o.createdAt().toString());
        p.put("currency", "USD");
        p.put("financial_status", o.cancelledAt() == null ? "paid" : "refunded");
        p.put("fulfillment_status", o.fulfillmentStatus());
        p.put("location_id", o.locationId() == null ? null : Long.parseLong(Gid.number(o.locationId())));
        p.put("name", o.name());
        p.put("number", o.id());
        p.put("order_number", o.id());
        p.put("processed_at", o.createdAt().toString());
        p.put("source_name", o.sourceName());
        p.put("test", false);
        p.put("updated_at", o.updatedAt().toString());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (LineItem l : o.lines()) {
            lines.add(line(l, o));
        }
        p.put("line_items", lines);
        p.put("fulfillments", List.of());
        p.put("refunds", o.cancelledAt() == null ? List.of() : List.of(cancelRefund(o, fulfillmentOrders)));
        return p;
    }

    private static Map<String, Object> line(LineItem l, Order o) {
        boolean open = o.cancelledAt() == null && o.fulfillmentStatus() == null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("admin_graphql_api_id", Gid.of("LineItem", l.id()));
        m.put("current_quantity", o.cancelledAt() == null ? l.quantity() : 0);
        m.put("fulfillable_quantity", open ? l.quantity() : 0);
        m.put("fulfillment_service", "manual");
        m.put("fulfillment_status", o.fulfillmentStatus());
        m.put("gift_card", false);
        m.put("name", l.sku());
        m.put("price", "0.00");
        m.put("product_exists", true);
        m.put("quantity", l.quantity());
        m.put("requires_shipping", true);
        m.put("sku", l.sku());
        m.put("taxable", true);
        m.put("title", l.sku());
        m.put("variant_id", Long.parseLong(Gid.number(l.variantId())));
        m.put("variant_inventory_management", "shopify");
        m.put("variant_title", null);
        m.put("vendor", null);
        return m;
    }

    /**
     * The refund Shopify records for a cancel: one refund line per order line, {@code restock_type} "cancel" with the
     * location restocked at, or "no_restock" with a null location.
     */
    private static Map<String, Object> cancelRefund(Order o, List<FulfillmentOrder> fulfillmentOrders) {
        List<Map<String, Object>> refundLines = new ArrayList<>();
        for (LineItem l : o.lines()) {
            String location = fulfillmentOrders.stream()
                    .filter(f -> f.lines().stream().anyMatch(x -> x.lineItemId() == l.id()))
                    .reduce((a, b) -> b)
                    .map(FulfillmentOrder::locationId)
                    .orElse(null);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", l.id() + 1);
            r.put("line_item_id", l.id());
            r.put(
                    "location_id",
                    Boolean.TRUE.equals(o.restocked()) && location != null
                            ? Long.parseLong(Gid.number(location))
                            : null);
            r.put("quantity", l.quantity());
            r.put("restock_type", Boolean.TRUE.equals(o.restocked()) ? "cancel" : "no_restock");
            r.put("subtotal", 0.0);
            r.put("total_tax", 0.0);
            refundLines.add(r);
        }
        Map<String, Object> refund = new LinkedHashMap<>();
        refund.put("id", o.id() + 7);
        refund.put("admin_graphql_api_id", Gid.of("Refund", o.id() + 7));
        refund.put("created_at", o.cancelledAt().toString());
        refund.put("note", null);
        refund.put("order_id", o.id());
        refund.put("processed_at", o.cancelledAt().toString());
        refund.put("restock", Boolean.TRUE.equals(o.restocked()));
        refund.put("refund_line_items", refundLines);
        refund.put("transactions", List.of());
        refund.put("order_adjustments", List.of());
        return refund;
    }

    /** The body of fulfillment_orders/moved. */
    /**
     * The inventory_levels/update body: inventory_item_id, location_id, available, updated_at and admin_graphql_api_id,
     * as Shopify's webhook reference shows it.
     */
    static Map<String, Object> levelUpdate(Model.Level l) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("inventory_item_id", Long.parseUnsignedLong(Gid.number(l.itemId())));
        payload.put("location_id", Long.parseLong(Gid.number(l.locationId())));
        payload.put("available", l.available());
        payload.put("updated_at", l.updatedAt().toString());
        payload.put(
                "admin_graphql_api_id",
                Gid.level(Long.parseLong(Gid.number(l.locationId())), Long.parseUnsignedLong(Gid.number(l.itemId()))));
        return payload;
    }

    static Map<String, Object> moved(OrderBook.Moved m) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(
                "original_fulfillment_order",
                Map.of(
                        "id",
                        m.original().id(),
                        "status",
                        m.original().status().toLowerCase(),
                        "assigned_location_id",
                        m.sourceLocationId()));
        p.put(
                "moved_fulfillment_order",
                Map.of(
                        "id",
                        m.moved().id(),
                        "status",
                        m.moved().status().toLowerCase(),
                        "assigned_location_id",
                        m.moved().locationId()));
        p.put("destination_location_id", m.moved().locationId());
        p.put(
                "fulfillment_order_line_items_requested",
                m.moved().lines().stream()
                        .map(l -> Map.<String, Object>of("id", l.id(), "quantity", l.totalQuantity()))
                        .toList());
        p.put("source_location", Map.of("id", m.sourceLocationId()));
        return p;
    }
}
