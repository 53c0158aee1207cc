package io.atpsync.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.AdjustmentKind;
import io.atpsync.shopify.AccessToken;
import io.atpsync.shopify.InventoryLevel;
import io.atpsync.shopify.ShopifyClient;
import io.atpsync.shopify.ShopifyClient.BudgetExhausted;
import io.atpsync.shopify.ShopifyClient.Call;
import io.atpsync.shopify.ShopifyClient.Fatal;
import io.atpsync.shopify.ShopifyDocuments;
import io.atpsync.shopify.ShopifyHttp;
import io.atpsync.shopify.retry.Backoff;
import io.atpsync.shopify.retry.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies one {@link AdjustmentBatch} to Shopify, exactly once in effect: ADJUST with the batch id as idempotency key;
 * SET by reading the current levels and writing with compare-and-swap. Retries transient failures with the same key
 * within a budget; sets aside items Shopify refuses for good.
 */
class BatchApplier {

    /** A change Shopify refused for good, with its code and message (for the DLQ). */
    record Refused(AdjustmentChange change, String code, String message) {}

    /** What happened: the refused changes (applied: everything else). */
    record Outcome(List<Refused> refused, boolean batchRejected, String rejection) {}

    private final ShopifySinkConfig config;
    private final ShopifyClient client;
    private final SinkMetrics metrics;
    private final OrderAwareSet orderAware;
    private final ShopifyHttp http;

    BatchApplier(ShopifySinkConfig config, ShopifyHttp http, AccessToken token, SinkMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.http = http;
        this.client = new ShopifyClient(
                config.shop(),
                config.graphqlUrl(),
                config.getString(ShopifySinkConfig.PLAN),
                http,
                token,
                new Backoff(config.getLong(ShopifySinkConfig.RETRY_BACKOFF_MS), 10_000),
                new ShopifyClient.Listener() {
                    @Override
                    public void waitedForBucket(long millis) {
                        metrics.throttleWaitMs.record(millis);
                    }

                    @Override
                    public void cost(double points) {
                        metrics.cost.record(points);
                    }

                    @Override
                    public void retried() {
                        metrics.retries.record();
                    }
                });
        this.orderAware = new OrderAwareSet(this, config.shop(), metrics);
    }

    /**
     * Reads the token's scopes ({@code currentAppInstallation.accessScopes}) and names every one missing; empty when
     * all are there. A write_ scope implies its read_.
     */
    List<String> missingScopes() throws Fatal, BudgetExhausted, InterruptedException {
        // A short budget: a task start must not hang on a shop that does not answer (the first batch will tell).
        Call call = send(ShopifyDocuments.SCOPES, Map.of(), 2, System.currentTimeMillis() + 3_000);
        java.util.Set<String> granted =
                io.atpsync.shopify.Scopes.granted(call.reply().body().path("data"));
        return io.atpsync.shopify.Scopes.missing(granted, io.atpsync.shopify.Scopes.SINK).stream()
                .map(io.atpsync.shopify.Scopes.Need::describe)
                .toList();
    }

    Outcome apply(AdjustmentBatch batch) throws Fatal, BudgetExhausted, InterruptedException {
        long deadline = System.currentTimeMillis() + config.getLong(ShopifySinkConfig.RETRY_BUDGET_MS);
        return batch.getKind() == AdjustmentKind.ADJUST ? adjust(batch, deadline) : set(batch, deadline);
    }

    private Outcome adjust(AdjustmentBatch batch, long deadline) throws Fatal, BudgetExhausted, InterruptedException {
        List<AdjustmentChange> pending = new ArrayList<>(batch.getChanges());
        List<Refused> refused = new ArrayList<>();
        String key = batch.getBatchId();
        int newKeys = 0;
        while (!pending.isEmpty()) {
            Map<String, Object> input = MutationInput.input(
                    batch,
                    "changes",
                    pending,
                    c -> MutationInput.changeInput(batch, c, "delta", c.getQuantity(), null));
            Call call = send(
                    ShopifyDocuments.ADJUST,
                    Map.of("input", input, "key", key),
                    ShopifyDocuments.MUTATION_COST,
                    deadline);
            JsonNode payload = call.reply().body().path("data").path("inventoryAdjustQuantities");
            Verdict v = call.verdict();
            if (v instanceof Verdict.Applied) {
                record(batch, pending.size());
                return new Outcome(refused, false, null);
            } else if (v instanceof Verdict.ItemErrors) {
                pending = MutationInput.setAside(pending, payload, refused);
                key = IdempotencyKeys.derived(batch.getBatchId(), "without", refused);
            } else if (v instanceof Verdict.NewKey) {
                key = batch.getBatchId() + "/attempt-" + (++newKeys);
            } else if (v instanceof Verdict.BatchRejected r) {
                return new Outcome(
                        refused,
                        true,
                        r.code() + ": "
                                + MutationInput.firstMessage(
                                        payload, call.reply().body()));
            } else {
                throw new IllegalStateException("unexpected verdict " + v);
            }
        }
        return new Outcome(refused, false, null);
    }

    private Outcome set(AdjustmentBatch batch, long deadline) throws Fatal, BudgetExhausted, InterruptedException {
        if (batch.getChanges().stream().anyMatch(c -> c.getOnlineAtp() != null)) {
            return orderAware.apply(batch, deadline);
        }
        Map<String, AdjustmentChange> targets = new LinkedHashMap<>();
        batch.getChanges().forEach(c -> targets.put(c.getInventoryItemId(), c));
        List<Refused> refused = new ArrayList<>();
        int newKeys = 0;
        for (int round = 0; round < 10 && !targets.isEmpty(); round++) {
            Map<String, Long> current = read(batch, targets, refused, deadline);
            List<AdjustmentChange> changing = new ArrayList<>();
            for (AdjustmentChange c : targets.values()) {
                if (current.get(c.getInventoryItemId()) != c.getQuantity()) {
                    changing.add(c);
                }
            }
            if (changing.isEmpty()) {
                record(batch, 0);
                return new Outcome(refused, false, null);
            }
            // The content depends on what was read, so the key does too: a retry of this exact call reuses it.
            Map<String, Long> read = new TreeMap<>();
            changing.forEach(c -> read.put(c.getInventoryItemId(), current.get(c.getInventoryItemId())));
            String key = IdempotencyKeys.setKey(batch.getBatchId(), read.toString(), newKeys);
            Map<String, Object> input = MutationInput.input(
                    batch,
                    "quantities",
                    changing,
                    c -> MutationInput.changeInput(
                            batch, c, "quantity", Math.max(0, c.getQuantity()), current.get(c.getInventoryItemId())));
            Call call = send(
                    ShopifyDocuments.SET, Map.of("input", input, "key", key), ShopifyDocuments.MUTATION_COST, deadline);
            JsonNode payload = call.reply().body().path("data").path("inventorySetQuantities");
            Verdict v = call.verdict();
            if (v instanceof Verdict.Applied) {
                record(batch, changing.size());
                return new Outcome(refused, false, null);
            } else if (v instanceof Verdict.ItemErrors) {
                int before = refused.size();
                MutationInput.setAside(changing, payload, refused);
                refused.subList(before, refused.size())
                        .forEach(r -> targets.remove(r.change().getInventoryItemId()));
            } else if (v instanceof Verdict.BatchRejected r) {
                return new Outcome(
                        refused,
                        true,
                        r.code() + ": "
                                + MutationInput.firstMessage(
                                        payload, call.reply().body()));
            } else if (v instanceof Verdict.NewKey) {
                newKeys++; // the same read would derive the key whose attempt failed
            } else if (!(v instanceof Verdict.Stale)) {
                throw new IllegalStateException("unexpected verdict " + v);
            }
            // Stale or a new key needed: the next round reads the levels again (the key follows what is read)
        }
        if (!targets.isEmpty()) {
            throw new BudgetExhausted(
                    "batch " + batch.getBatchId() + ": levels kept changing under compare-and-swap for 10 rounds");
        }
        return new Outcome(refused, false, null);
    }

    /** Current {@code available} per item; items that cannot be read are refused. */
    private Map<String, Long> read(
            AdjustmentBatch batch, Map<String, AdjustmentChange> targets, List<Refused> refused, long deadline)
            throws Fatal, BudgetExhausted, InterruptedException {
        Call call = send(
                ShopifyDocuments.READ_AVAILABLE,
                Map.of("ids", List.copyOf(targets.keySet()), "location", batch.getShopifyLocationId()),
                ShopifyDocuments.readCost(targets.size()),
                deadline);
        Map<String, Long> current = new HashMap<>();
        levels(call.reply().body().path("data").path("nodes"), batch, targets, refused)
                .forEach((id, l) -> current.put(id, l.available()));
        return current;
    }

    /**
     * A SET target of 0: a hard sync covers every catalogued SKU at every location in scope, and where Shopify does not
     * stock the item there is nothing to set (not an error to dead-letter).
     */
    static boolean nothingToSet(AdjustmentChange c) {
        long atp = c.getOnlineAtp() != null ? c.getOnlineAtp() : c.getQuantity();
        return atp == 0 && c.getQuantity() <= 0; // reserved orders of the SKU elsewhere change nothing here
    }

    /**
     * The levels of {@code targets} in the answer to a {@code nodes(ids:)} read of their {@code inventoryLevel} (in the
     * targets' order); items that do not exist or are not stocked at the location are refused and leave {@code targets}
     * (a target of 0 not stocked there just leaves: {@link #nothingToSet}).
     */
    static Map<String, InventoryLevel> levels(
            JsonNode nodes, AdjustmentBatch batch, Map<String, AdjustmentChange> targets, List<Refused> refused) {
        Map<String, InventoryLevel> levels = new HashMap<>();
        List<String> ids = List.copyOf(targets.keySet());
        for (int i = 0; i < ids.size(); i++) {
            JsonNode node = nodes.path(i);
            AdjustmentChange c = targets.get(ids.get(i));
            if (node.isNull() || node.isMissingNode() || !node.has("id")) {
                refused.add(new Refused(
                        c, "INVALID_INVENTORY_ITEM", "inventory item " + c.getInventoryItemId() + " does not exist"));
                targets.remove(ids.get(i));
            } else if (node.path("inventoryLevel").isNull() && nothingToSet(c)) {
                targets.remove(ids.get(i)); // a hard sync's 0 where Shopify does not stock the item
            } else if (node.path("inventoryLevel").isNull()) {
                refused.add(new Refused(
                        c,
                        "ITEM_NOT_STOCKED_AT_LOCATION",
                        c.getSku() + " (" + c.getInventoryItemId() + ") is not stocked at "
                                + batch.getShopifyLocationId()));
                targets.remove(ids.get(i));
            } else {
                levels.put(ids.get(i), InventoryLevel.of(node.path("inventoryLevel")));
            }
        }
        return levels;
    }

    ShopifyClient client() {
        return client;
    }

    ShopifyHttp http() {
        return http;
    }

    /** One call through the shop's client (paced, retried with the same key, token refreshed). */
    Call send(String document, Map<String, Object> variables, double cost, long deadline)
            throws Fatal, BudgetExhausted, InterruptedException {
        return client.send(document, variables, cost, deadline);
    }

    void record(AdjustmentBatch batch, int changes) {
        metrics.batches.record();
        metrics.changes.record(changes);
        if (batch.getWindowEnd() != null) {
            metrics.latencyMs.record(
                    System.currentTimeMillis() - batch.getWindowEnd().toEpochMilli());
        }
    }
}
