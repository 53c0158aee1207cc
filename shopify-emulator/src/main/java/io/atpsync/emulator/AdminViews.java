package io.atpsync.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the emulator's admin API shows of a shop: its description, levels, catalogue, adjustments and orders. */
final class AdminViews {

    private AdminViews() {}

    /** The order in its webhook shape, with its fulfillment orders (what GraphQL's FulfillmentOrder would show). */
    static Map<String, Object> orderView(Shop shop, Model.Order o) {
        List<Map<String, Object>> fos = new java.util.ArrayList<>();
        for (Model.FulfillmentOrder f : shop.sales.fulfillmentOrders(o.id())) {
            Map<String, Object> fo = new LinkedHashMap<>();
            fo.put("id", f.id());
            fo.put("status", f.status());
            fo.put("assignedLocationId", f.locationId());
            fo.put(
                    "lineItems",
                    f.lines().stream()
                            .map(l -> Map.<String, Object>of(
                                    "id",
                                    l.id(),
                                    "sku",
                                    l.sku(),
                                    "inventoryItemId",
                                    l.itemId(),
                                    "totalQuantity",
                                    l.totalQuantity(),
                                    "remainingQuantity",
                                    l.remainingQuantity()))
                            .toList());
            fos.add(fo);
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("order", OrderPayloads.order(o, shop.sales.fulfillmentOrders(o.id())));
        v.put("fulfillmentOrders", fos);
        return v;
    }

    static Map<String, Object> groupView(Model.AdjustmentGroup g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.id());
        m.put("createdAt", g.createdAt().toString());
        m.put("mutation", g.mutation());
        m.put("reason", g.reasonCode());
        m.put("referenceDocumentUri", g.referenceDocumentUri());
        m.put("idempotencyKey", g.idempotencyKey());
        m.put("changes", g.changes());
        return m;
    }

    static Map<String, Object> describe(Shop shop) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("domain", shop.domain);
        d.put("plan", shop.plan());
        d.put("locations", shop.locations());
        d.put("stats", shop.stats.view());
        return d;
    }

    static List<Map<String, Object>> levels(Shop shop) {
        Map<String, String> skus = new LinkedHashMap<>();
        shop.itemsWhere(i -> true).forEach(i -> skus.put(i.id(), i.sku()));
        return shop.levels().stream()
                .map(l -> Model.levelView(l, skus.get(l.itemId())))
                .toList();
    }

    static Map<String, Object> catalog(Shop shop) {
        Map<String, String> items = new LinkedHashMap<>();
        shop.itemsWhere(i -> true).forEach(i -> items.put(i.sku(), i.id()));
        Map<String, String> locations = new LinkedHashMap<>();
        shop.locations().forEach(l -> locations.put(l.name(), l.id()));
        return Map.of("shop", shop.domain, "items", items, "locations", locations);
    }
}
