package io.atpsync.streams.topology;

/**
 * A change Shopify must receive for one (location, SKU), passed in memory from the online ATP processor to the push
 * processor of the same task.
 *
 * @param shop shop domain
 * @param shopifyLocationId the location
 * @param sku the SKU
 * @param units signed units
 * @param reason Shopify reason code
 */
record VarianceChange(String shop, String shopifyLocationId, String sku, long units, String reason)
        implements PushInput {
    @Override
    public void to(Handler handler, long now) {
        handler.variance(this, now);
    }
}
