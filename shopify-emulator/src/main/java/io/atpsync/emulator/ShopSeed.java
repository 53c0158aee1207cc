package io.atpsync.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shops, locations, products and stock from a seed document ({@code --seed}, {@code POST /emulator/shops}). */
final class ShopSeed {

    private ShopSeed() {}

    @SuppressWarnings("unchecked")
    static void seed(ShopifyEmulator emulator, Map<String, Object> seed) {
        for (Map<String, Object> s : (List<Map<String, Object>>) seed.getOrDefault("shops", List.of())) {
            Shop shop = createShop(emulator, s);
            Map<String, String> locationIds = new LinkedHashMap<>();
            for (Object name : (List<Object>) s.getOrDefault("locations", List.of())) {
                locationIds.put(
                        name.toString(), shop.addLocation(name.toString()).id());
            }
            for (Map<String, Object> product : (List<Map<String, Object>>) s.getOrDefault("products", List.of())) {
                addProduct(shop, product, locationIds);
            }
            if (s.get("generate") instanceof Map<?, ?> g) {
                int count = ((Number) g.get("skus")).intValue();
                String prefix = String.valueOf(((Map<String, Object>) g).getOrDefault("prefix", "SKU-"));
                long available = ((Number) ((Map<String, Object>) g).getOrDefault("available", 0)).longValue();
                for (int i = 1; i <= count; i++) {
                    Map<String, Object> stock = new LinkedHashMap<>();
                    locationIds.keySet().forEach(l -> stock.put(l, available));
                    addProduct(
                            shop,
                            Map.of(
                                    "title",
                                    "Generated " + i,
                                    "skus",
                                    List.of(String.format("%s%05d", prefix, i)),
                                    "stock",
                                    stock),
                            locationIds);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Shop createShop(ShopifyEmulator emulator, Map<String, Object> s) {
        Shop shop = emulator.createShop(
                String.valueOf(s.get("domain")),
                Plan.valueOf(String.valueOf(s.getOrDefault("plan", "STANDARD"))),
                String.valueOf(s.getOrDefault("webhookSecret", "emulator-webhook-secret")));
        for (Map<String, Object> t : (List<Map<String, Object>>) s.getOrDefault("tokens", List.of())) {
            shop.credentials.addToken(
                    String.valueOf(t.get("token")), (List<String>) t.getOrDefault("scopes", List.of()));
        }
        return shop;
    }

    @SuppressWarnings("unchecked")
    static List<Model.Variant> addProduct(Shop shop, Map<String, Object> body, Map<String, String> locationIds) {
        List<Model.Variant> variants =
                shop.addProduct(String.valueOf(body.getOrDefault("title", "Product")), (List<String>)
                        body.getOrDefault("skus", List.of()));
        Map<String, Object> stock = (Map<String, Object>) body.getOrDefault("stock", Map.of());
        for (Model.Variant v : variants) {
            stock.forEach((location, available) -> shop.stock(
                    v.inventoryItemId(),
                    locationIds.getOrDefault(location, location),
                    ((Number) available).longValue()));
        }
        return variants;
    }
}
