package io.atpsync.streams.variance;

import io.atpsync.schemas.EventType;

/** Shopify's inventory reason codes, mapped from the event type that caused a change. */
public final class ShopifyReason {

    public static final String CORRECTION = "correction";

    private ShopifyReason() {}

    public static String of(EventType type) {
        if (type == null) {
            return CORRECTION;
        }
        return switch (type) {
            case RECEIPT -> "received";
            case TRANSFER_RECEIPT -> "movement_received";
            case RETURN_RESTOCK -> "restock";
            case CYCLE_COUNT, RESET -> "cycle_count_available";
            case DAMAGED -> "damaged";
            case SHRINKAGE, LOST -> "shrinkage";
            default -> CORRECTION;
        };
    }
}
