package io.atpsync.harness;

import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.Facility;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * B1's two mappings, run side by side.
 *
 * <ul>
 *   <li>{@link #STRESS}: 10,000 SKUs × 50 facilities; 30 physical locations of one facility each and 20 aggregate
 *       locations of 10 to 50 facilities, so an event touches about 10 online ATPs.
 *   <li>{@link #REFERENCE}: the reference retailer of the issue "A real retailer's catalogue": 20,000 SKUs, 2
 *       warehouses, 48 stores each stocking about half the catalogue, one aggregate online location over every selling
 *       facility and 48 store locations mapped 1:1. A store's event touches 2 online ATPs, a warehouse's 1.
 * </ul>
 *
 * Events are those of a trading day: mostly POS sales at stores, receipts, some damages; their occurredAt run a little
 * out of order (up to 5 s back), as events from many sources do.
 */
enum B1Workload {
    STRESS("10,000 SKUs × 50 facilities, 50 locations (30 of one facility, 20 aggregates of 10 to 50)", 10_000) {
        @Override
        List<Facility> facilities() {
            List<Facility> facilities = new ArrayList<>();
            for (int f = 0; f < 50; f++) {
                facilities.add(new Facility("F" + f, "F" + f, "STORE", true));
            }
            return facilities;
        }

        @Override
        List<LocationMapping> mappings() {
            List<LocationMapping> mappings = new ArrayList<>();
            for (int l = 0; l < 30; l++) {
                mappings.add(new LocationMapping(location(100 + l), SHOP, List.of("F" + l), null, null));
            }
            for (int l = 0; l < 20; l++) {
                List<String> fs = new ArrayList<>();
                for (int f = 0; f < 50; f += 1 + l % 5) {
                    fs.add("F" + f);
                }
                mappings.add(new LocationMapping(location(200 + l), SHOP, fs, null, null));
            }
            return mappings;
        }

        @Override
        String facility(Random random, int sku) {
            return "F" + random.nextInt(50);
        }
    },

    REFERENCE(
            "the reference retailer: 20,000 SKUs, 2 warehouses, 48 stores stocking about half the catalogue each, one"
                    + " aggregate online location over all 50 facilities and 48 store locations 1:1",
            20_000) {
        @Override
        List<Facility> facilities() {
            List<Facility> facilities = new ArrayList<>();
            facilities.add(new Facility("W1", "Warehouse 1", "WAREHOUSE", true));
            facilities.add(new Facility("W2", "Warehouse 2", "WAREHOUSE", true));
            for (int s = 1; s <= 48; s++) {
                facilities.add(new Facility("S" + s, "Store " + s, "STORE", true));
            }
            return facilities;
        }

        @Override
        List<LocationMapping> mappings() {
            List<String> all =
                    facilities().stream().map(Facility::getFacilityId).toList();
            List<LocationMapping> mappings = new ArrayList<>();
            mappings.add(new LocationMapping(location(1), SHOP, all, null, null));
            for (int s = 1; s <= 48; s++) {
                mappings.add(new LocationMapping(location(100 + s), SHOP, List.of("S" + s), null, null));
            }
            return mappings;
        }

        /** 80 % at a store that stocks the SKU, else at a warehouse (both stock everything). */
        @Override
        String facility(Random random, int sku) {
            if (random.nextInt(10) < 8) {
                for (int tries = 0; tries < 16; tries++) {
                    int store = 1 + random.nextInt(48);
                    if (stocks(store, sku)) {
                        return "S" + store;
                    }
                }
            }
            return "W" + (1 + random.nextInt(2));
        }

        /** Whether the store carries the SKU: about half the catalogue, a different half per store. */
        private boolean stocks(int store, int sku) {
            return ((sku * 2_654_435_761L + store * 40_503L) >>> 7) % 2 == 0;
        }
    };

    static final String SHOP = "bench.myshopify.com";

    private final String description;
    private final int skus;

    B1Workload(String description, int skus) {
        this.description = description;
        this.skus = skus;
    }

    String description() {
        return description;
    }

    abstract List<Facility> facilities();

    abstract List<LocationMapping> mappings();

    abstract String facility(Random random, int sku);

    /** The shop's catalogue knows every SKU, as in production: variances are summed, not held for a SKU it lacks. */
    List<CatalogItem> catalog() {
        List<CatalogItem> catalog = new ArrayList<>();
        for (int s = 0; s < skus; s++) {
            catalog.add(
                    new CatalogItem(SHOP, "SKU-" + s, "gid://shopify/InventoryItem/" + (1_000_000 + s), null, null));
        }
        return catalog;
    }

    /** The {@code i}th event: 60 % POS sales of 1, 30 % receipts of 1 to 5, 10 % damages of 1. */
    InventoryEvent event(Random random, String idPrefix, int i) {
        int sku = random.nextInt(skus);
        int r = random.nextInt(10);
        EventType type = r < 6 ? EventType.POS_SALE : r < 9 ? EventType.RECEIPT : EventType.DAMAGED;
        long q = type == EventType.RECEIPT ? 1 + random.nextInt(5) : -1;
        return InventoryEvent.newBuilder()
                .setEventId(idPrefix + i)
                .setSource("BENCH")
                .setType(type)
                .setSku("SKU-" + sku)
                .setFacilityId(facility(random, sku))
                .setQohDiff(q)
                .setAtpDiff(q)
                .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L + i * 10L - random.nextInt(5_000)))
                .build();
    }

    private static String location(int n) {
        return "gid://shopify/Location/" + n;
    }
}
