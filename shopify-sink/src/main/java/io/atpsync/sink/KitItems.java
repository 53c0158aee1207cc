package io.atpsync.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.KitUse;
import io.atpsync.shopify.ShopifyClient;
import io.atpsync.sink.hardsync.OrderAwareTarget.OpenLine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kit orders as pending for their components: Shopify decrements only a kit's own inventory item when it is ordered, so
 * a hard sync counts the kit's open fulfillment-order lines, times the quantity, as pending for each component the OMS
 * has not reserved. The kits' inventory items are looked up by SKU once per task ({@code inventoryItems(query:
 * "sku:...")}, Shopify's search syntax), then kept.
 */
final class KitItems {

    static final String BY_SKU = """
            query AtpSyncKitItem($query: String!) {
              inventoryItems(first: 1, query: $query) { nodes { id sku } }
            }""";

    private final FulfillmentOrderReads reads;
    private final Map<String, String> items = new HashMap<>();

    KitItems(FulfillmentOrderReads reads) {
        this.reads = reads;
    }

    /** The inventory items of every kit the changes are part of (kit SKU → item; a kit Shopify lacks is left out). */
    Map<String, String> of(Collection<AdjustmentChange> changes, long deadline)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        Map<String, String> out = new HashMap<>();
        for (AdjustmentChange c : changes) {
            for (KitUse u : c.getPartOfKits()) {
                if (!items.containsKey(u.getKitSku())) {
                    JsonNode nodes = reads.read(BY_SKU, Map.of("query", "sku:'" + u.getKitSku() + "'"), 2, deadline)
                            .path("inventoryItems")
                            .path("nodes");
                    items.put(u.getKitSku(), nodes.path(0).path("id").asText(null));
                }
                if (items.get(u.getKitSku()) != null) {
                    out.put(u.getKitSku(), items.get(u.getKitSku()));
                }
            }
        }
        return out;
    }

    /** The open (and recently closed) lines of {@code c}'s kits, in {@code c}'s units. */
    static List<OpenLine> lines(
            AdjustmentChange c,
            Map<String, String> kitItems,
            Map<String, List<OpenLine>> open,
            Map<String, List<OpenLine>> gone) {
        List<OpenLine> lines = new ArrayList<>();
        for (KitUse u : c.getPartOfKits()) {
            String item = kitItems.get(u.getKitSku());
            if (item == null) {
                continue;
            }
            for (Map<String, List<OpenLine>> m : List.of(open, gone)) {
                m.getOrDefault(item, List.of())
                        .forEach(l -> lines.add(new OpenLine(l.shopifyOrderId(), l.remaining() * u.getQuantity())));
            }
        }
        return lines;
    }
}
