package io.atpsync.streams.variance;

import java.util.Optional;

import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;

/**
 * Shopify decrements its own count when an order is placed there, before the OMS has it. So a
 * {@code SHOPIFY}-channel reservation (or its release) that lowers (or raises) online ATP must not
 * reach Shopify a second time: it adds {@code −atpDiff} at the location Shopify decremented.
 */
public final class Compensation {

    public static final String SHOPIFY = "SHOPIFY";

    /** Where and how much to compensate. */
    public record Adjustment(String shopifyLocationId, long units) {
    }

    private Compensation() {
    }

    public static Optional<Adjustment> of(InventoryEvent e) {
        if (!shopifyReservation(e) || e.getShopifyLocationId() == null) {
            return Optional.empty();
        }
        return Optional.of(new Adjustment(e.getShopifyLocationId(), -e.getAtpDiff()));
    }

    /** A reservation or release of a {@code SHOPIFY}-channel order that moves ATP. */
    public static boolean shopifyReservation(InventoryEvent e) {
        boolean reservation = e.getType() == EventType.RESERVATION_CREATED || e.getType() == EventType.RESERVATION_RELEASED;
        return reservation && SHOPIFY.equals(e.getOrderChannel()) && e.getAtpDiff() != 0;
    }
}
