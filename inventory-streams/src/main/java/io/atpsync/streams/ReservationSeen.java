package io.atpsync.streams;

/**
 * A {@code SHOPIFY}-channel reservation (units > 0) or release (units < 0) for an order, so the push
 * processor can tell which Shopify orders are still pending.
 */
record ReservationSeen(String sku, String orderId, String shopifyLocationId, long units) {
}
