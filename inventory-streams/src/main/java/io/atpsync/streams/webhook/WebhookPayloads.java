package io.atpsync.streams.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.ShopifyLevel;
import io.atpsync.schemas.ShopifyOrder;
import io.atpsync.schemas.ShopifyOrderLine;
import io.atpsync.schemas.ShopifyOrderStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Shopify webhook payloads to contract records: orders/create, orders/updated and orders/cancelled → ShopifyOrder,
 * inventory_levels/update → ShopifyLevel, inventory_items/create|update → CatalogItem. Numeric ids are read as longs
 * (they exceed 2^53) and written as Shopify gids.
 *
 * <p>Orders follow Shopify's documented payload (shopify.dev webhook reference, example in
 * {@code shopify-emulator/src/test/resources/shopify-examples/2026-07/orders-create.json}): line items carry no
 * location, and only a POS order has an order-level {@code location_id}. Where an online order's units are committed is
 * its fulfillment orders' assigned location, which the sink reads from Shopify when it writes an absolute level;
 * nothing here guesses it. A cancel's restock choice is in {@code refunds[].refund_line_items[].restock_type}
 * ({@code cancel} or {@code legacy_restock} put the units back; {@code no_restock} did not).
 */
public final class WebhookPayloads {

    private WebhookPayloads() {}

    /** The record for a topic we handle, or empty for a topic we do not. */
    public static Optional<SpecificRecord> toRecord(String topic, String shop, JsonNode p) {
        return switch (topic) {
            case "orders/create", "orders/updated", "orders/cancelled" -> Optional.of(order(topic, shop, p));
            case "inventory_levels/update" ->
                Optional.of(new ShopifyLevel(
                        shop,
                        gid("InventoryItem", p.path("inventory_item_id")),
                        gid("Location", p.path("location_id")),
                        p.path("available").asLong(),
                        instant(p.path("updated_at")),
                        null));
            case "inventory_items/create", "inventory_items/update" ->
                Optional.of(new CatalogItem(
                        shop,
                        p.path("sku").asText(),
                        gid("InventoryItem", p.path("id")),
                        null,
                        instant(p.path("updated_at"))));
            default -> Optional.empty();
        };
    }

    private static ShopifyOrder order(String topic, String shop, JsonNode p) {
        boolean cancelled =
                topic.equals("orders/cancelled") || (topic.equals("orders/updated") && p.hasNonNull("cancelled_at"));
        boolean updated = topic.equals("orders/updated") && !cancelled;
        JsonNode location = p.path("location_id"); // a POS order's store; null online
        String locationId = location.isMissingNode() || location.isNull() ? null : gid("Location", location);
        // Two lines of one SKU are one pending quantity: the order's units for that SKU, summed.
        Map<String, Long> units = new LinkedHashMap<>();
        for (JsonNode line : p.path("line_items")) {
            long quantity = updated && line.has("current_quantity")
                    ? line.path("current_quantity").asLong()
                    : line.path("quantity").asLong();
            units.merge(line.path("sku").asText(), quantity, Long::sum);
        }
        List<ShopifyOrderLine> lines = new ArrayList<>();
        units.forEach((sku, quantity) -> lines.add(new ShopifyOrderLine(sku, quantity, locationId, null)));
        JsonNode at = cancelled ? p.path("cancelled_at") : updated ? p.path("updated_at") : p.path("created_at");
        return new ShopifyOrder(
                shop,
                Long.toUnsignedString(p.path("id").asLong()),
                cancelled
                        ? ShopifyOrderStatus.CANCELLED
                        : updated ? ShopifyOrderStatus.UPDATED : ShopifyOrderStatus.CREATED,
                instant(at),
                lines,
                cancelled ? restock(p) : null);
    }

    /**
     * Whether a cancel restocked: true if any refund line restocked, false if refund lines exist and none did, else
     * unknown.
     */
    static Boolean restock(JsonNode order) {
        boolean any = false;
        for (JsonNode refund : order.path("refunds")) {
            for (JsonNode line : refund.path("refund_line_items")) {
                any = true;
                String type = line.path("restock_type").asText("");
                if (type.equals("cancel") || type.equals("legacy_restock")) {
                    return true;
                }
            }
        }
        return any ? Boolean.FALSE : null;
    }

    static String gid(String type, JsonNode id) {
        return "gid://shopify/" + type + "/" + (id.isTextual() ? id.asText() : Long.toUnsignedString(id.asLong()));
    }

    private static Instant instant(JsonNode text) {
        if (text.isMissingNode() || text.isNull() || text.asText().isBlank()) {
            return Instant.now();
        }
        return OffsetDateTime.parse(text.asText()).toInstant();
    }
}
