package io.atpsync.streams.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Drift page's data: for each Shopify location, the newest reconciliation that compared it, how many keys it found
 * drifted (Shopify differing from the order-aware target), and the first of them with Shopify's level, the target and
 * the probable cause. Read from the sink's {@code GET /atp-sync/bulk} (hard syncs whose id starts {@code reconcile-}).
 * A reconciliation fixes what it finds; the page's fix button hard-syncs one key again, e.g. when it drifts again.
 */
public final class DriftReport {

    static final String RECONCILE_PREFIX = "reconcile-";

    private DriftReport() {}

    /** {@code {"locations": [...], "drifts": [...]}} from every hard sync's progress, newest reconciliation first. */
    public static Map<String, Object> of(JsonNode bulk) {
        Map<String, JsonNode> newest = new LinkedHashMap<>();
        Map<String, String> newestId = new LinkedHashMap<>();
        bulk.fields().forEachRemaining(h -> {
            if (!h.getKey().startsWith(RECONCILE_PREFIX)) {
                return;
            }
            h.getValue().fields().forEachRemaining(l -> {
                JsonNode was = newest.get(l.getKey());
                if (was == null
                        || l.getValue()
                                        .path("updatedAt")
                                        .asText()
                                        .compareTo(was.path("updatedAt").asText())
                                > 0) {
                    newest.put(l.getKey(), l.getValue());
                    newestId.put(l.getKey(), h.getKey());
                }
            });
        });
        List<Map<String, Object>> locations = new ArrayList<>();
        List<Map<String, Object>> drifts = new ArrayList<>();
        newest.forEach((location, state) -> {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("location", location);
            l.put("reconciliation", newestId.get(location));
            l.put("phase", state.path("phase").asText());
            l.put("at", state.path("updatedAt").asText());
            l.put("drifted", state.path("drifted").asLong());
            l.put("shown", state.path("drifts").size());
            locations.add(l);
            for (JsonNode d : state.path("drifts")) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("shop", d.path("shop").asText(null));
                row.put("location", location);
                row.put("sku", d.path("sku").asText());
                row.put("inventoryItemId", d.path("inventoryItemId").asText());
                row.put("shopify", d.path("shopify").asLong());
                row.put("target", d.path("target").asLong());
                row.put("probableCause", d.path("probableCause").asText());
                row.put("reconciliation", newestId.get(location));
                row.put("at", state.path("updatedAt").asText());
                drifts.add(row);
            }
        });
        Comparator<Map<String, Object>> byAt = Comparator.comparing(m -> String.valueOf(m.get("at")));
        locations.sort(byAt.reversed());
        drifts.sort(byAt.reversed());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("locations", locations);
        out.put("drifts", drifts);
        return out;
    }
}
