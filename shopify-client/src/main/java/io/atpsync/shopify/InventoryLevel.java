package io.atpsync.shopify;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An item's {@code available} and {@code committed} at one location, as an {@code inventoryLevel { quantities(names:
 * ["available", "committed"]) { name quantity } }} read returns them (absent names read 0).
 */
public record InventoryLevel(long available, long committed) {

    /** From an {@code inventoryLevel} node. */
    public static InventoryLevel of(JsonNode inventoryLevel) {
        long available = 0;
        long committed = 0;
        for (JsonNode q : inventoryLevel.path("quantities")) {
            if (q.path("name").asText().equals("available")) {
                available = q.path("quantity").asLong();
            } else if (q.path("name").asText().equals("committed")) {
                committed = q.path("quantity").asLong();
            }
        }
        return new InventoryLevel(available, committed);
    }
}
