package io.atpsync.streams.variance;

import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What reaches Shopify for one (location, SKU) (DESIGN.md, "What reaches Shopify"): the change of online ATP there,
 * plus a compensation for orders Shopify counted itself. Shopify decrements its own count when an order is placed
 * there, before the OMS has it, so a {@code SHOPIFY}-channel reservation (or its release) that lowers (or raises)
 * online ATP must not reach Shopify a second time: it adds {@code −atpDiff} at the location Shopify decremented. While
 * a task rebuilds its state from history nothing is pushed: Shopify received that history already.
 */
public final class VarianceRule {

    public static final String SHOPIFY = "SHOPIFY";

    /** Where and how much to compensate. */
    public record Adjustment(String shopifyLocationId, long units) {}

    private VarianceRule() {}

    /**
     * The variance of a recompute at one location: next − previous online ATP (a key seen for the first time starts
     * from 0); nothing when it did not change or while rebuilding.
     */
    public static OptionalLong ofAtpChange(Long previous, long next, boolean pushing) {
        long variance = next - (previous == null ? 0 : previous);
        return variance != 0 && pushing ? OptionalLong.of(variance) : OptionalLong.empty();
    }

    /**
     * The compensation an event asks for, if any: {@code −atpDiff} at its Shopify location; nothing while rebuilding.
     */
    public static Optional<Adjustment> compensation(InventoryEvent e, boolean pushing) {
        return compensation(e, pushing, false);
    }

    /**
     * The compensation at a location that publishes available ({@code onHand} false: as above) or on hand. On hand, a
     * reservation moves nothing (Shopify subtracts its own committed), but a {@code SHOPIFY}-channel FULFILLED or
     * POS_SALE took its units out of Shopify's on_hand already: it adds {@code −qohDiff}.
     */
    public static Optional<Adjustment> compensation(InventoryEvent e, boolean pushing, boolean onHand) {
        if (!pushing || e.getShopifyLocationId() == null) {
            return Optional.empty();
        }
        if (onHand) {
            boolean taken = (e.getType() == EventType.FULFILLED || e.getType() == EventType.POS_SALE)
                    && SHOPIFY.equals(e.getOrderChannel())
                    && e.getQohDiff() != 0;
            return taken ? Optional.of(new Adjustment(e.getShopifyLocationId(), -e.getQohDiff())) : Optional.empty();
        }
        return shopifyReservation(e)
                ? Optional.of(new Adjustment(e.getShopifyLocationId(), -e.getAtpDiff()))
                : Optional.empty();
    }

    /** A reservation or release of a {@code SHOPIFY}-channel order that moves ATP. */
    public static boolean shopifyReservation(InventoryEvent e) {
        boolean reservation =
                e.getType() == EventType.RESERVATION_CREATED || e.getType() == EventType.RESERVATION_RELEASED;
        return reservation && SHOPIFY.equals(e.getOrderChannel()) && e.getAtpDiff() != 0;
    }
}
