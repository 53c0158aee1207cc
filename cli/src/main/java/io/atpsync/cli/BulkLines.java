package io.atpsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.ShopifyLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a Shopify bulk operation's JSONL becomes: catalog entries (one per SKU; a SKU on several items is reported,
 * never guessed) and levels (item lines first, their level lines after, joined by {@code __parentId}). Fed line by
 * line, so a file of millions of lines streams.
 */
final class BulkLines {

    /** The catalog of a shop, from {@code inventoryItems { id sku updatedAt variant { id } }}. */
    static final class Catalog {
        private final String shop;
        private final Map<String, List<JsonNode>> bySku = new TreeMap<>();
        long withoutSku;

        Catalog(String shop) {
            this.shop = shop;
        }

        void accept(JsonNode line) {
            String sku = line.path("sku").asText("").trim();
            if (sku.isEmpty()) {
                withoutSku++;
                return;
            }
            bySku.computeIfAbsent(sku, k -> new ArrayList<>(1)).add(line);
        }

        /** One entry per SKU that exactly one inventory item carries. */
        List<CatalogItem> items() {
            List<CatalogItem> items = new ArrayList<>();
            bySku.forEach((sku, lines) -> {
                if (lines.size() == 1) {
                    JsonNode l = lines.get(0);
                    items.add(new CatalogItem(
                            shop,
                            sku,
                            l.path("id").asText(),
                            l.path("variant").path("id").asText(null),
                            l.hasNonNull("updatedAt")
                                    ? Instant.parse(l.path("updatedAt").asText())
                                    : null));
                }
            });
            return items;
        }

        /** SKU → the inventory items that all carry it. */
        Map<String, List<String>> duplicates() {
            Map<String, List<String>> d = new LinkedHashMap<>();
            bySku.forEach((sku, lines) -> {
                if (lines.size() > 1) {
                    d.put(sku, lines.stream().map(l -> l.path("id").asText()).toList());
                }
            });
            return d;
        }
    }

    /**
     * Levels from {@code inventoryItems { id sku inventoryLevels { location { id } quantities(names: ["available"]) {
     * name quantity } updatedAt } }}, optionally of one location.
     */
    static final class Levels {
        private final String shop;
        private final String onlyLocation;
        private final Instant readAt;
        private final Map<String, String> skuOfItem = new HashMap<>();
        final List<ShopifyLevel> levels = new ArrayList<>();
        long orphans;

        Levels(String shop, String onlyLocation, Instant readAt) {
            this.shop = shop;
            this.onlyLocation = onlyLocation;
            this.readAt = readAt;
        }

        void accept(JsonNode line) {
            if (!line.has("__parentId")) {
                skuOfItem.put(line.path("id").asText(), line.path("sku").asText(""));
                return;
            }
            String item = line.path("__parentId").asText();
            String location = line.path("location").path("id").asText();
            if (onlyLocation != null && !onlyLocation.equals(location)) {
                return;
            }
            if (!skuOfItem.containsKey(item)) {
                orphans++; // Shopify writes a parent before its children; count any that is not
                return;
            }
            long available = 0;
            for (JsonNode q : line.path("quantities")) {
                if (q.path("name").asText().equals("available")) {
                    available = q.path("quantity").asLong();
                }
            }
            String sku = skuOfItem.get(item);
            levels.add(new ShopifyLevel(
                    shop,
                    item,
                    location,
                    available,
                    line.hasNonNull("updatedAt")
                            ? Instant.parse(line.path("updatedAt").asText())
                            : readAt,
                    sku.isEmpty() ? null : sku));
        }
    }

    private BulkLines() {}
}
