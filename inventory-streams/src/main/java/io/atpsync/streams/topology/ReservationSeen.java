package io.atpsync.streams.topology;

/**
 * A {@code SHOPIFY}-channel reservation (units > 0) or release (units < 0) for a Shopify order (its numeric id, from
 * the event's {@code shopifyOrderId}, else its {@code orderId}), so the push processor can tell which Shopify orders
 * the OMS has reserved. {@code shop} and {@code shopifyLocationId} are null when the event did not name a mapped
 * location.
 */
record ReservationSeen(String sku, String orderId, String shop, String shopifyLocationId, long units)
        implements PushInput {
    @Override
    public void to(Handler handler, long now) {
        handler.reservation(this, now);
    }
}
