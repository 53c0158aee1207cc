package io.atpsync.sink;

import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.shopify.ShopifyClient;
import io.atpsync.sink.bulk.BulkPlan;
import io.atpsync.sink.bulk.PostCutLedger;
import java.util.ArrayList;
import java.util.List;

/**
 * A finished bulk run's result being settled on the task's thread: its refusals dead-lettered, and what it left written
 * the direct way a few batches per delivery (each reads and writes about 750 points, so a long list must not hold the
 * task's thread past Connect's poll interval), each batch's targets moved by the live deltas applied since the cut up
 * to the moment it is built.
 */
final class BulkSettling {

    final BulkRun.Result result;
    private int next;
    int dead;

    BulkSettling(BulkRun.Result result) {
        this.result = result;
    }

    /** Writes the next batches, at most {@code budget[0]} of them; true when nothing is left. */
    boolean writeDirectly(
            PostCutLedger ledger, BulkHardSync.Direct direct, BulkHardSync.Refusals refusals, int[] budget)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        BulkUnit u = result.unit();
        for (BatchApplier.Refused x : result.refused()) {
            var source = u.sourceOf(x.change().getInventoryItemId());
            refusals.refused(source.getKey(), source.getValue(), x);
            dead++;
        }
        result.refused().clear(); // reported once, however often this is called again
        int line = BulkPlan.LINE_MAX;
        List<AdjustmentChange> left = result.direct();
        while (next < left.size()) {
            if (budget[0]-- <= 0) {
                return false;
            }
            List<AdjustmentChange> moved = new ArrayList<>();
            for (AdjustmentChange c : left.subList(next, Math.min(left.size(), next + line))) {
                long since = ledger.sinceCut(new PostCutLedger.Key(u.key.location(), c.getInventoryItemId()));
                moved.add(AdjustmentChange.newBuilder(c)
                        .setOnlineAtp((c.getOnlineAtp() != null ? c.getOnlineAtp() : c.getQuantity()) + since)
                        .setQuantity(c.getQuantity() + since)
                        .build());
            }
            AdjustmentBatch b = AdjustmentBatch.newBuilder(u.first)
                    .setBatchId(u.first.getBatchId() + "/bulk-direct-" + (next / line))
                    .setChanges(moved)
                    .setHardSyncPart(null)
                    .build();
            BatchApplier.Outcome o = direct.apply(b);
            for (BatchApplier.Refused x : o.refused()) {
                var source = u.sourceOf(x.change().getInventoryItemId());
                refusals.refused(source.getKey(), source.getValue(), x);
                dead++;
            }
            next += moved.size();
        }
        return true;
    }
}
