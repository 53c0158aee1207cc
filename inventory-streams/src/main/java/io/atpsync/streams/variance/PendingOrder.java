package io.atpsync.streams.variance;

/**
 * One Shopify order for a SKU as the OMS catches up with it: Shopify counted {@code ordered} at once; reservations for
 * it arrive later. What is ordered but not yet reserved is pending: Shopify's count already reflects it, online ATP
 * does not yet.
 *
 * @param shopifyLocationId where Shopify committed the units, when known (a POS order's store, or the location a
 *     reservation's compensation went to); null for an online order whose reservation has not arrived: Shopify's
 *     webhooks do not say
 * @param ordered units on the order's lines for this SKU, summed (0 until the order itself is seen)
 * @param reserved units the OMS has reserved for the order so far (net of releases)
 * @param cancelled the order was cancelled on Shopify
 * @param updatedAt last change (epoch millis), for expiry
 * @param restocked for a cancelled order: whether Shopify put its units back (null = not known, taken as yes)
 * @param released units the OMS has released for the order, in all
 * @param undoable of those, units whose release was compensated as Shopify's restock before the cancel said there was
 *     none, and no hard sync has set the level since: a no-restock cancel undoes them
 * @param held {@code reserved} and {@code released} per Shopify location of the reserving facility (an order Shopify
 *     split over two locations is reserved at each; units reserved with no location named are under
 *     {@link #ANY_LOCATION}); empty for state written before the split was kept
 */
public record PendingOrder(
        String shopifyLocationId,
        long ordered,
        long reserved,
        boolean cancelled,
        long updatedAt,
        Boolean restocked,
        long released,
        long undoable,
        java.util.SortedMap<String, Held> held) {

    /**
     * What the OMS holds for the order at one Shopify location: units reserved (net of releases) and units released.
     */
    public record Held(long reserved, long released) {}

    public PendingOrder {
        held = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(held));
    }

    public PendingOrder(
            String shopifyLocationId,
            long ordered,
            long reserved,
            boolean cancelled,
            long updatedAt,
            Boolean restocked,
            long released,
            long undoable) {
        this(
                shopifyLocationId,
                ordered,
                reserved,
                cancelled,
                updatedAt,
                restocked,
                released,
                undoable,
                new java.util.TreeMap<>());
    }

    public PendingOrder(
            String shopifyLocationId,
            long ordered,
            long reserved,
            boolean cancelled,
            long updatedAt,
            Boolean restocked,
            long released) {
        this(shopifyLocationId, ordered, reserved, cancelled, updatedAt, restocked, released, released);
    }

    public static PendingOrder none(String location, long at) {
        return new PendingOrder(location, 0, 0, false, at, null, 0, 0);
    }

    /**
     * No release compensation is left to undo: it was undone, or a hard sync set the level from Shopify's own count.
     */
    public PendingOrder nothingToUndo() {
        return new PendingOrder(
                shopifyLocationId, ordered, reserved, cancelled, updatedAt, restocked, released, 0, held);
    }

    /** The {@link #held} key of units reserved with no Shopify location named: they count at every location. */
    static final String ANY_LOCATION = "";

    /**
     * What the OMS holds for this order at {@code location}: the location's own entry plus any reserved without a
     * location; for state kept before the split was (no entries), the whole order's when it is this location's or its
     * location is not known; else nothing.
     */
    public java.util.Optional<Held> heldAt(String location) {
        if (held.isEmpty()) {
            return shopifyLocationId == null || shopifyLocationId.equals(location)
                    ? java.util.Optional.of(new Held(reserved, released))
                    : java.util.Optional.empty();
        }
        Held here = held.get(location);
        Held any = held.get(ANY_LOCATION);
        if (here == null || any == null) {
            return java.util.Optional.ofNullable(here != null ? here : any);
        }
        return java.util.Optional.of(new Held(here.reserved() + any.reserved(), here.released() + any.released()));
    }

    /**
     * What the OMS has accounted for at {@code location} (units reserved or released there), as a hard sync's cut sends
     * it; empty when it holds nothing for the order there.
     */
    public java.util.Optional<Held> accountedAt(String location) {
        return seenByOms()
                ? heldAt(location).filter(h -> h.reserved() != 0 || h.released() != 0)
                : java.util.Optional.empty();
    }

    /** {@link #restockedNotReleased()} of the units reserved at {@code location}. */
    public long restockedNotReleasedAt(String location) {
        return restockedOnShopify()
                ? accountedAt(location).map(h -> Math.max(0, h.reserved())).orElse(0L)
                : 0;
    }

    /**
     * Whether the OMS has accounted for this order (reserved units, or reserved and released them): a hard sync sends
     * it.
     */
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
     * Units reserved for an order Shopify cancelled with restock that the OMS has not released yet: Shopify's count has
     * them back, online ATP does not yet.
     */
    public long restockedNotReleased() {
        return restockedOnShopify() ? Math.max(0, reserved) : 0;
    }

    public PendingOrder ordered(long units, String location, long at) {
        return new PendingOrder(
                location == null ? shopifyLocationId : location,
                units,
                reserved,
                cancelled,
                at,
                restocked,
                released,
                undoable,
                held);
    }

    public PendingOrder cancelled(Boolean restock, long at) {
        return new PendingOrder(shopifyLocationId, ordered, reserved, true, at, restock, released, undoable, held);
    }

    /**
     * A reservation (units > 0) or a release (units < 0); a release counts in {@code released}, and in {@code undoable}
     * unless {@code undone} (its compensation was undone at once: the no-restock cancel came first).
     */
    public PendingOrder reserved(long units, String location, long at, boolean undone) {
        long r = Math.max(0, -units);
        java.util.SortedMap<String, Held> next = new java.util.TreeMap<>(held);
        if (next.isEmpty() && seenByOms()) { // state kept before the split was: its one location, if known
            next.put(shopifyLocationId == null ? ANY_LOCATION : shopifyLocationId, new Held(reserved, released));
        }
        String where = location == null ? ANY_LOCATION : location;
        Held h = next.getOrDefault(where, new Held(0, 0));
        next.put(where, new Held(h.reserved() + units, h.released() + r));
        return new PendingOrder(
                location == null ? shopifyLocationId : location,
                ordered,
                reserved + units,
                cancelled,
                at,
                restocked,
                released + r,
                undoable + (undone ? 0 : r),
                next);
    }
}
