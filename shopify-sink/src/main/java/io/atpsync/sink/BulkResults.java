package io.atpsync.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.shopify.retry.Classifier;
import io.atpsync.sink.bulk.BulkPlan;

/** A bulk mutation's result lines, sorted into applied, refused for good (the DLQ) and to be written directly. */
final class BulkResults {

    private BulkResults() {}

    /** One result line: applied, or its items split into refused for good and to be written directly. */
    static int sort(BulkPlan.Line line, JsonNode payload, BulkUnit u, BulkRun.Result r) {
        JsonNode errors = payload.path("userErrors");
        if (!payload.path("inventoryAdjustmentGroup").isMissingNode() && errors.isEmpty()) {
            return 0;
        }
        boolean[] refused = new boolean[line.changes().size()];
        boolean stale = errors.isEmpty();
        for (JsonNode e : errors) {
            JsonNode field = e.path("field");
            String code = e.path("code").asText();
            stale |= code.equals("CHANGE_FROM_QUANTITY_STALE");
            if (field.size() >= 3 && Classifier.ITEM_PERMANENT.contains(code)) {
                int i = field.get(2).asInt();
                if (i >= 0 && i < refused.length && !refused[i]) {
                    refused[i] = true;
                    r.refused()
                            .add(new BatchApplier.Refused(
                                    u.changes.get(line.changes().get(i).inventoryItemId()),
                                    code,
                                    e.path("message").asText()));
                }
            }
        }
        for (int i = 0; i < refused.length; i++) {
            if (!refused[i]) {
                r.direct().add(u.changes.get(line.changes().get(i).inventoryItemId()));
            }
        }
        return stale ? 1 : 0;
    }
}
