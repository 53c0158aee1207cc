package io.atpsync.streams.webhook;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.ShopifyLevel;
import io.atpsync.schemas.ShopifyOrder;
import io.atpsync.schemas.ShopifyOrderLine;
import io.atpsync.schemas.ShopifyOrderStatus;
import org.apache.avro.specific.SpecificRecord;

/**
 * Shopify webhook payloads to contract records: orders/create and orders/cancelled → ShopifyOrder,
 * inventory_levels/update → ShopifyLevel, inventory_items/create|update → CatalogItem. Numeric ids are
 * read as longs (they exceed 2^53) and written as Shopify gids.
 */
public final class WebhookPayloads {

    private WebhookPayloads() {
    }

    /** The record for a topic we handle, or empty for a topic we do not. */
    public static Optional<SpecificRecord> toRecord(String topic, String shop, JsonNode p) {
        return switch (topic) {
            case "orders/create", "orders/cancelled" -> Optional.of(order(topic, shop, p));
            case "inventory_levels/update" -> Optional.of(new ShopifyLevel(shop, gid("InventoryItem", p.path("inventory_item_id")),
                    gid("Location", p.path("location_id")), p.path("available").asLong(), instant(p.path("updated_at")), null));
            case "inventory_items/create", "inventory_items/update" -> Optional.of(new CatalogItem(shop, p.path("sku").asText(),
                    gid("InventoryItem", p.path("id")), null, instant(p.path("updated_at"))));
            default -> Optional.empty();
        };
    }

    private static ShopifyOrder order(String topic, String shop, JsonNode p) {
        List<ShopifyOrderLine> lines = new ArrayList<>();
        for (JsonNode line : p.path("line_items")) {
            JsonNode location = line.hasNonNull("location_id") ? line.path("location_id") : p.path("location_id");
            lines.add(new ShopifyOrderLine(line.path("sku").asText(), line.path("quantity").asLong(),
                    location.isMissingNode() || location.isNull() ? null : gid("Location", location), null));
        }
        boolean cancelled = topic.equals("orders/cancelled");
        JsonNode at = cancelled ? p.path("cancelled_at") : p.path("created_at");
        return new ShopifyOrder(shop, Long.toUnsignedString(p.path("id").asLong()),
                cancelled ? ShopifyOrderStatus.CANCELLED : ShopifyOrderStatus.CREATED, instant(at), lines);
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
