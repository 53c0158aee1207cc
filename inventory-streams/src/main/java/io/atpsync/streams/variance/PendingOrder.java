package io.atpsync.streams.variance;

/**
 * One Shopify order line for a SKU as the OMS catches up with it: Shopify counted {@code ordered}
 * at once; reservations for it arrive later. What is ordered but not yet reserved is pending —
 * Shopify's count already reflects it, online ATP does not yet.
 *
 * @param shopifyLocationId where Shopify decremented
 * @param ordered           units on the order line (0 until the order itself is seen)
 * @param reserved          units the OMS has reserved for the order so far
 * @param cancelled         the order was cancelled on Shopify
 * @param updatedAt         last change (epoch millis), for expiry
 */
public record PendingOrder(String shopifyLocationId, long ordered, long reserved, boolean cancelled, long updatedAt) {

    public static PendingOrder none(String location, long at) {
        return new PendingOrder(location, 0, 0, false, at);
    }

    /** Units Shopify has taken that online ATP does not show yet. */
    public long pending() {
        return cancelled ? 0 : Math.max(0, ordered - reserved);
    }

    public PendingOrder ordered(long units, String location, long at) {
        return new PendingOrder(location, units, reserved, cancelled, at);
    }

    public PendingOrder cancelled(long at) {
        return new PendingOrder(shopifyLocationId, ordered, reserved, true, at);
    }

    public PendingOrder reserved(long units, long at) {
        return new PendingOrder(shopifyLocationId, ordered, reserved + units, cancelled, at);
    }
}
