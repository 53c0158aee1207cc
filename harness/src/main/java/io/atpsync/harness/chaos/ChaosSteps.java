package io.atpsync.harness.chaos;

import io.atpsync.schemas.InventoryEvent;
import java.util.List;

/** What a chaos workload is made of: its steps, and the configuration and locations of its shop. */
public final class ChaosSteps {

    private ChaosSteps() {}

    /** One step: an event to publish, or a Shopify order to place at the emulator. */
    public sealed interface Step permits Publish, Order, Cancel, Fulfil {}

    /**
     * The warehouse ships a reserved Shopify order: Shopify's fulfillment order closes (committed and on_hand fall).
     */
    public record Fulfil(String orderId) implements Step {}

    public record Publish(InventoryEvent event) implements Step {}

    /** A shopper's order on Shopify: Shopify's available falls at once; the OMS reservation follows later. */
    public record Order(String orderId, String location, String sku, long units) implements Step {}

    /**
     * The shopper cancels a Shopify order the OMS has reserved: Shopify restocks it or not (orderCancel's
     * {@code restock}); the OMS releases its reservation some steps later.
     */
    public record Cancel(String orderId, String location, String sku, long units, boolean restock) implements Step {}

    /** Safety stock and the allow-online switch of one (sku, facility). */
    public record ProductSetting(String sku, String facility, long safetyStock, boolean allowOnline) {}

    /** A threshold for a sku, at one location or (location null) every location. */
    public record Threshold(String sku, String location, long threshold) {}

    /** The three Shopify locations of a scenario, by role. */
    public record Locations(String store1, String store2, String online) {
        public List<String> all() {
            return List.of(store1, store2, online);
        }
    }

    /**
     * The shop's configuration: safety stock 3 at the warehouse for every 5th SKU, every 7th not online from store 2, a
     * threshold of 2 everywhere for every 3rd and of 5 online for every 11th.
     */
    static void configure(
            List<String> skus,
            String warehouse,
            String f2,
            String online,
            List<ProductSetting> productSettings,
            List<Threshold> thresholds) {
        for (int i = 0; i < skus.size(); i++) {
            if (i % 5 == 0) {
                productSettings.add(new ProductSetting(skus.get(i), warehouse, 3, true));
            }
            if (i % 7 == 0) {
                productSettings.add(new ProductSetting(skus.get(i), f2, 0, false));
            }
            if (i % 3 == 0) {
                thresholds.add(new Threshold(skus.get(i), null, 2));
            }
            if (i % 11 == 0) {
                thresholds.add(new Threshold(skus.get(i), online, 5));
            }
        }
    }
}
