package io.atpsync.emulator;

import static io.atpsync.emulator.InventoryWiring.*;

import graphql.schema.idl.RuntimeWiring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Orders, their line items and fulfillment orders, as Shopify's schema shows them (no location on a line). */
final class OrderWiring {

    private OrderWiring() {}

    static void wire(RuntimeWiring.Builder b) {
        b.type(
                "Order",
                t -> t.dataFetcher("id", env -> ((Model.Order) env.getSource()).gid())
                        .dataFetcher("legacyResourceId", env -> Long.toString(((Model.Order) env.getSource()).id()))
                        .dataFetcher(
                                "physicalLocation", env -> location(env, ((Model.Order) env.getSource()).locationId()))
                        .dataFetcher(
                                "retailLocation", env -> location(env, ((Model.Order) env.getSource()).locationId()))
                        .dataFetcher("lineItems", env -> Connections.of(((Model.Order) env.getSource()).lines(), env))
                        .dataFetcher("cancelledAt", env -> {
                            Model.Order o = env.getSource();
                            return o.cancelledAt() == null
                                    ? null
                                    : o.cancelledAt().toString();
                        })
                        .dataFetcher("refunds", env -> {
                            // a cancel's refund: one line per order line, restocked (CANCEL) or not (NO_RESTOCK)
                            Model.Order o = env.getSource();
                            if (o.cancelledAt() == null) {
                                return List.of();
                            }
                            List<Object> lines = new ArrayList<>();
                            for (Model.LineItem l : o.lines()) {
                                lines.add(Map.of(
                                        "id",
                                        Gid.of("RefundLineItem", l.id()),
                                        "quantity",
                                        (int) l.quantity(),
                                        "restockType",
                                        Boolean.TRUE.equals(o.restocked()) ? "CANCEL" : "NO_RESTOCK",
                                        "restocked",
                                        Boolean.TRUE.equals(o.restocked())));
                            }
                            return List.of(Map.of(
                                    "id",
                                    Gid.of("Refund", o.id() + 7),
                                    "createdAt",
                                    o.cancelledAt().toString(),
                                    "refundLineItems",
                                    Connections.of(lines, env)));
                        })
                        .dataFetcher(
                                "fulfillmentOrders",
                                readFulfillmentOrders(env -> Connections.of(
                                        InventoryWiring.shop(env)
                                                .sales
                                                .fulfillmentOrders(((Model.Order) env.getSource()).id()),
                                        env))));
        b.type(
                "LineItem",
                t -> t.dataFetcher("id", env -> Gid.of("LineItem", ((Model.LineItem) env.getSource()).id()))
                        .dataFetcher("currentQuantity", env -> (int) ((Model.LineItem) env.getSource()).quantity())
                        .dataFetcher("quantity", env -> (int) ((Model.LineItem) env.getSource()).quantity())
                        .dataFetcher(
                                "variant",
                                env -> InventoryWiring.shop(env)
                                        .variant(((Model.LineItem) env.getSource()).variantId())
                                        .orElse(null)));
        b.type(
                "FulfillmentOrder",
                t -> t.dataFetcher(
                                "orderId", env -> Gid.of("Order", ((Model.FulfillmentOrder) env.getSource()).orderId()))
                        .dataFetcher("orderName", env -> "#" + ((Model.FulfillmentOrder) env.getSource()).orderId())
                        .dataFetcher(
                                "order",
                                env -> InventoryWiring.shop(env)
                                        .sales
                                        .findOrder(((Model.FulfillmentOrder) env.getSource()).orderId())
                                        .orElse(null))
                        .dataFetcher("assignedLocation", env -> {
                            Model.FulfillmentOrder f = env.getSource();
                            return InventoryWiring.shop(env)
                                    .location(f.locationId())
                                    .map(l -> Map.<String, Object>of("location", l, "name", l.name()))
                                    .orElse(null);
                        })
                        .dataFetcher(
                                "lineItems",
                                env -> Connections.of(((Model.FulfillmentOrder) env.getSource()).lines(), env))
                        .dataFetcher("fulfillments", env -> {
                            // a fulfillment order closed by shipping has its fulfillment; moved or cancelled ones have
                            // none
                            Model.FulfillmentOrder f = env.getSource();
                            List<Object> done = Model.FulfillmentOrder.FULFILLED.equals(f.closedBy())
                                    ? List.of(Map.of(
                                            "id",
                                            Gid.of("Fulfillment", Math.abs(f.id().hashCode())),
                                            "status",
                                            "SUCCESS",
                                            "createdAt",
                                            f.updatedAt().toString(),
                                            "totalQuantity",
                                            (int) f.lines().stream()
                                                    .mapToLong(Model.FulfillmentOrderLine::totalQuantity)
                                                    .sum()))
                                    : List.of();
                            return Connections.of(done, env);
                        }));
        b.type(
                "FulfillmentOrderAssignedLocation",
                t -> t.dataFetcher("location", env -> ((Map<?, ?>) env.getSource()).get("location"))
                        .dataFetcher("name", env -> ((Map<?, ?>) env.getSource()).get("name")));
        b.type(
                "FulfillmentOrderLineItem",
                t -> t.dataFetcher("inventoryItemId", env -> ((Model.FulfillmentOrderLine) env.getSource()).itemId())
                        .dataFetcher("remainingQuantity", env ->
                                (int) ((Model.FulfillmentOrderLine) env.getSource()).remainingQuantity())
                        .dataFetcher("totalQuantity", env ->
                                (int) ((Model.FulfillmentOrderLine) env.getSource()).totalQuantity()));
    }
}
