package io.atpsync.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.shopify.retry.Classifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables of {@code inventoryAdjustQuantities} and {@code inventorySetQuantities} for a batch, and what their
 * userErrors say about its changes.
 */
final class MutationInput {

    private MutationInput() {}

    /** Moves the changes named by userErrors (field [input, changes|quantities, i, ...]) to {@code refused}. */
    static List<AdjustmentChange> setAside(
            List<AdjustmentChange> changes, JsonNode payload, List<BatchApplier.Refused> refused) {
        boolean[] out = new boolean[changes.size()];
        for (JsonNode e : payload.path("userErrors")) {
            JsonNode field = e.path("field");
            String code = e.path("code").asText();
            if (field.size() >= 3 && Classifier.ITEM_PERMANENT.contains(code)) {
                int i = field.get(2).asInt();
                if (i >= 0 && i < changes.size() && !out[i]) {
                    out[i] = true;
                    refused.add(new BatchApplier.Refused(
                            changes.get(i), code, e.path("message").asText()));
                }
            }
        }
        List<AdjustmentChange> kept = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            if (!out[i]) {
                kept.add(changes.get(i));
            }
        }
        return kept;
    }

    static String firstMessage(JsonNode payload, JsonNode body) {
        JsonNode e = payload.path("userErrors").path(0);
        if (e.isMissingNode()) {
            e = body.path("errors").path(0);
        }
        return e.path("message").asText("no message");
    }

    interface ChangeMapper {
        Map<String, Object> map(AdjustmentChange c);
    }

    static Map<String, Object> input(
            AdjustmentBatch batch, String listName, List<AdjustmentChange> changes, ChangeMapper mapper) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", "available");
        input.put("reason", batch.getReason());
        input.put("referenceDocumentUri", "gid://atp-sync/AdjustmentBatch/" + batch.getBatchId());
        input.put(listName, changes.stream().map(mapper::map).toList());
        return input;
    }

    static Map<String, Object> changeInput(
            AdjustmentBatch batch, AdjustmentChange c, String valueName, long value, Long changeFrom) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inventoryItemId", c.getInventoryItemId());
        m.put("locationId", batch.getShopifyLocationId());
        m.put(valueName, value);
        m.put("changeFromQuantity", changeFrom); // mandatory from 2026-04; null = no compare-and-swap
        return m;
    }

    /** Whether the batch is for a location that publishes on hand (its SET targets are on_hand, not available). */
    static boolean onHand(AdjustmentBatch batch) {
        return "on_hand".equals(batch.getQuantityName());
    }
}
