package io.atpsync.shopify;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One inventory level's quantities as ATP Sync reads them: {@code available}, {@code committed} and {@code on_hand}, as
 * a {@code quantities(names: ["available", "committed", "on_hand"]) { name quantity } }} read returns them (absent
 * names read 0).
 */
public record InventoryLevel(long available, long committed, long onHand) {

    /**
     * A level read without on_hand (older reads, tests of the available path): on_hand taken as available + committed.
     */
    public InventoryLevel(long available, long committed) {
        this(available, committed, available + committed);
    }

    /** From an {@code inventoryLevel} node. */
    public static InventoryLevel of(JsonNode inventoryLevel) {
        long available = 0;
        long committed = 0;
        Long onHand = null;
        for (JsonNode q : inventoryLevel.path("quantities")) {
            switch (q.path("name").asText()) {
                case "available" -> available = q.path("quantity").asLong();
                case "committed" -> committed = q.path("quantity").asLong();
                case "on_hand" -> onHand = q.path("quantity").asLong();
                default -> {}
            }
        }
        return onHand == null
                ? new InventoryLevel(available, committed)
                : new InventoryLevel(available, committed, onHand);
    }
}
