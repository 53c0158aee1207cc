package io.atpsync.streams.variance;

/**
 * One Shopify order for a SKU as the OMS catches up with it: Shopify counted {@code ordered}
 * at once; reservations for it arrive later. What is ordered but not yet reserved is pending:
 * Shopify's count already reflects it, online ATP does not yet.
 *
 * @param shopifyLocationId where Shopify committed the units, when known (a POS order's store, or the
 *                          location a reservation's compensation went to); null for an online order
 *                          whose reservation has not arrived: Shopify's webhooks do not say
 * @param ordered           units on the order's lines for this SKU, summed (0 until the order itself is seen)
 * @param reserved          units the OMS has reserved for the order so far (net of releases)
 * @param cancelled         the order was cancelled on Shopify
 * @param updatedAt         last change (epoch millis), for expiry
 * @param restocked         for a cancelled order: whether Shopify put its units back (null = not known, taken as yes)
 * @param released          units the OMS has released for the order, in all
 * @param undoable          of those, units whose release was compensated as Shopify's restock before the cancel said
 *                          there was none, and no hard sync has set the level since: a no-restock cancel undoes them
 */
public record PendingOrder(String shopifyLocationId, long ordered, long reserved, boolean cancelled, long updatedAt,
                           Boolean restocked, long released, long undoable) {

    public PendingOrder(String shopifyLocationId, long ordered, long reserved, boolean cancelled, long updatedAt, Boolean restocked,
                        long released) {
        this(shopifyLocationId, ordered, reserved, cancelled, updatedAt, restocked, released, released);
    }

    public static PendingOrder none(String location, long at) {
        return new PendingOrder(location, 0, 0, false, at, null, 0, 0);
    }

    /** No release compensation is left to undo: it was undone, or a hard sync set the level from Shopify's own count. */
    public PendingOrder nothingToUndo() {
        return new PendingOrder(shopifyLocationId, ordered, reserved, cancelled, updatedAt, restocked, released, 0);
    }

    /** Whether the OMS has accounted for this order (reserved units, or reserved and released them): a hard sync sends it. */
    public boolean seenByOms() {
        return reserved > 0 || released > 0;
    }

    /** Units Shopify has taken that online ATP does not show yet. */
    public long pending() {
        return cancelled ? 0 : Math.max(0, ordered - reserved);
    }

    /** Whether Shopify restocked this order's units when it was cancelled (unknown counts as restocked, as before). */
    public boolean restockedOnShopify() {
        return cancelled && !Boolean.FALSE.equals(restocked);
    }

    /**
     * Units reserved for an order Shopify cancelled with restock that the OMS has not released yet: Shopify's
     * count has them back, online ATP does not yet.
     */
    public long restockedNotReleased() {
        return restockedOnShopify() ? Math.max(0, reserved) : 0;
    }

    public PendingOrder ordered(long units, String location, long at) {
        return new PendingOrder(location == null ? shopifyLocationId : location, units, reserved, cancelled, at, restocked, released,
                undoable);
    }

    public PendingOrder cancelled(Boolean restock, long at) {
        return new PendingOrder(shopifyLocationId, ordered, reserved, true, at, restock, released, undoable);
    }

    /**
     * A reservation (units > 0) or a release (units < 0); a release counts in {@code released}, and in {@code undoable}
     * unless {@code undone} (its compensation was undone at once: the no-restock cancel came first).
     */
    public PendingOrder reserved(long units, String location, long at, boolean undone) {
        long r = Math.max(0, -units);
        return new PendingOrder(location == null ? shopifyLocationId : location, ordered, reserved + units, cancelled, at, restocked,
                released + r, undoable + (undone ? 0 : r));
    }
}
