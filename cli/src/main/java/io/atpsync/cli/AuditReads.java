package io.atpsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.shopify.Gid;
import io.atpsync.shopify.InventoryLevel;
import io.atpsync.shopify.ShopifyDocuments;
import io.atpsync.sink.hardsync.OrderAwareTarget;
import io.atpsync.sink.hardsync.OrderAwareTarget.OpenLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code audit} reads from Shopify (levels, open fulfillment orders) and the order-aware target it expects. */
final class AuditReads {

    private AuditReads() {}

    /**
     * The order-aware target of one key, as the hard sync computes it ({@link OrderAwareTarget}): online ATP minus the
     * open fulfillment-order units at the location of orders the OMS has not reserved, committed units no open order
     * explains kept out too, restocked reserved orders added back.
     */
    static OrderAwareTarget.Result expected(
            JsonNode target, String location, Map<String, List<OpenLine>> open, InventoryLevel level) {
        Map<String, Long> reserved = new java.util.HashMap<>();
        List<OpenLine> restocked = new ArrayList<>();
        for (JsonNode r : target.path("reservedOrders")) {
            reserved.merge(
                    r.path("shopifyOrderId").asText(),
                    r.path("reserved").asLong() + r.path("released").asLong(),
                    Long::sum);
            if (r.path("restockedNotReleased").asLong() > 0
                    && location.equals(r.path("shopifyLocationId").asText())) {
                restocked.add(new OpenLine(
                        r.path("shopifyOrderId").asText(),
                        r.path("restockedNotReleased").asLong()));
            }
        }
        if ("on_hand".equals(target.path("published").asText())) { // a store publishing on hand: no orders off
            return new OrderAwareTarget.Result(target.path("onlineAtp").asLong(), 0, 0, true);
        }
        List<OpenLine> lines = open == null
                ? List.of()
                : open.getOrDefault(target.path("inventoryItemId").asText(), List.of());
        return OrderAwareTarget.of(
                target.path("onlineAtp").asLong(), reserved, lines, List.of(), restocked, level.committed());
    }

    /** Per inventory item: the open fulfillment-order lines assigned to a location (every page). */
    static Map<String, List<OpenLine>> openLines(String location, AdminGraphQl admin) throws Exception {
        Map<String, List<OpenLine>> open = new java.util.HashMap<>();
        String after = null;
        do {
            Map<String, Object> vars = new java.util.HashMap<>();
            vars.put("query", "assigned_location_id:" + Gid.number(location));
            vars.put("after", after);
            vars.put("first", 50);
            JsonNode page =
                    admin.call(ShopifyDocuments.OPEN_FULFILLMENT_ORDERS, vars).path("fulfillmentOrders");
            for (JsonNode fo : page.path("nodes")) {
                String status = fo.path("status").asText();
                if (status.equals("CLOSED") || status.equals("CANCELLED")) {
                    continue;
                }
                String order = Gid.number(fo.path("orderId").asText());
                JsonNode lines = fo.path("lineItems");
                while (true) {
                    for (JsonNode l : lines.path("nodes")) {
                        open.computeIfAbsent(l.path("inventoryItemId").asText(), k -> new ArrayList<>())
                                .add(new OpenLine(
                                        order, l.path("remainingQuantity").asLong()));
                    }
                    if (!lines.path("pageInfo").path("hasNextPage").asBoolean(false)) {
                        break;
                    }
                    lines = admin.call(
                                    ShopifyDocuments.FULFILLMENT_ORDER_LINES,
                                    Map.of(
                                            "id",
                                            fo.path("id").asText(),
                                            "after",
                                            lines.path("pageInfo")
                                                    .path("endCursor")
                                                    .asText()))
                            .path("node")
                            .path("lineItems");
                }
            }
            after = page.path("pageInfo").path("hasNextPage").asBoolean(false)
                    ? page.path("pageInfo").path("endCursor").asText()
                    : null;
        } while (after != null);
        return open;
    }

    /** Shopify's available and committed per item at one location; paced: waits and retries when throttled. */
    static Map<String, InventoryLevel> levels(String loc, List<JsonNode> chunk, AdminGraphQl admin) throws Exception {
        List<String> ids = chunk.stream()
                .map(t -> t.path("inventoryItemId"))
                .filter(n -> !n.isNull() && !n.isMissingNode())
                .map(JsonNode::asText)
                .toList();
        Map<String, InventoryLevel> levels = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return levels;
        }
        for (JsonNode n : admin.call(ShopifyDocuments.READ_LEVELS, Map.of("ids", ids, "location", loc))
                .path("nodes")) {
            if (n.hasNonNull("id") && !n.path("inventoryLevel").isNull()) {
                levels.put(n.path("id").asText(), InventoryLevel.of(n.path("inventoryLevel")));
            }
        }
        return levels;
    }
}
