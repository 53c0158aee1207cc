package io.atpsync.sink;

import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.AdjustmentKind;
import io.atpsync.schemas.HardSyncPart;
import io.atpsync.shopify.ShopifyClient;
import io.atpsync.sink.bulk.PostCutLedger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bulk path of a hard sync, beside the task's direct path. A hard sync's SET batches for a location whose estimated
 * size reaches {@link ShopifySinkConfig#BULK_THRESHOLD} are gathered ({@link BulkUnit}) instead of applied; once a
 * location has every Streams task's batches, a {@link BulkRun} on the bulk worker writes it, with the other locations
 * of the same hard sync that are ready by then. The task's thread keeps applying live deltas meanwhile; the
 * {@link PostCutLedger} keeps those of covered items out of the file. What a run hands back (items to write directly,
 * items refused) is settled on the task's thread at its next {@code put}. A unit's records stay uncommitted until it is
 * done, so a restart delivers them again and the run resumes by its operation's name.
 */
final class BulkHardSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BulkHardSync.class);
    /** How long a ready location waits for others of its hard sync still being gathered, to share one operation. */
    static final long GATHER_MS = 30_000;
    /** How long a location's cut may take to come in whole before what came is written anyway. */
    static final long GATHER_TIMEOUT_MS = 10 * 60_000;
    /** How long a run that failed for a reason that may pass waits before it runs again. */
    static final long RETRY_MS = 30_000;

    /** A run to do again: its units, and why it failed. */
    private record Retry(List<BulkUnit> units, Exception cause) {}

    /** Applies a batch on the task's thread, the direct path. */
    interface Direct {
        BatchApplier.Outcome apply(AdjustmentBatch batch)
                throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException;
    }

    /** Sends what Shopify refused for good to the DLQ. */
    interface Refusals {
        void refused(SinkRecord record, AdjustmentBatch batch, BatchApplier.Refused refused);
    }

    private final int threshold;
    private final SinkMetrics metrics;
    private final PostCutLedger ledger;
    private final BulkRun run;
    private final Map<BulkUnit.Key, Boolean> bulk = new HashMap<>();
    private final Map<BulkUnit.Key, BulkUnit> units = new LinkedHashMap<>();
    /**
     * Units done in this task's life, with the batches they had: a redelivery of one of those is not gathered again,
     * and a batch that came too late for its unit goes the direct way, in order with its location's deltas.
     */
    private final Map<BulkUnit.Key, java.util.Set<String>> done = new HashMap<>();

    private final ConcurrentLinkedQueue<Object> finished = new ConcurrentLinkedQueue<>();
    private final List<BulkSettling> settling = new ArrayList<>();
    /** Direct batches settled per delivery (Connect's poll interval bounds a put). */
    static final int DIRECT_BATCHES_PER_DELIVERY = 8;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "atp-sync-bulk-hard-sync");
        t.setDaemon(true);
        return t;
    });

    BulkHardSync(int threshold, PostCutLedger ledger, BulkRun run, SinkMetrics metrics) {
        this.threshold = threshold;
        this.metrics = metrics;
        this.ledger = ledger;
        this.run = run;
    }

    /** Takes a hard sync's SET batch for the bulk path; false: the direct path applies it. */
    boolean offer(SinkRecord record, AdjustmentBatch batch) {
        HardSyncPart part = batch.getHardSyncPart();
        if (threshold <= 0
                || batch.getKind() != AdjustmentKind.SET
                || part == null
                || batch.getHardSyncRequestId() == null) {
            return false;
        }
        BulkUnit.Key key = new BulkUnit.Key(batch.getHardSyncRequestId(), batch.getShopifyLocationId());
        if (done.containsKey(key)) {
            return done.get(key).contains(BulkUnit.part(batch)); // a batch it had; else a late one: direct
        }
        // Decided by the first batch seen, which a redelivery sees first again.
        boolean big = bulk.computeIfAbsent(
                key,
                k -> Reconciliations.is(k.hardSync()) // a reconciliation always compares by bulk query
                        || k.hardSync().startsWith(io.atpsync.schemas.EventHeaders.SETTLEMENT_PREFIX) // a reset file
                        || (long) part.getLocationTargets() * part.getSourcePartitions() >= threshold);
        if (!big) {
            return false;
        }
        BulkUnit unit = units.computeIfAbsent(key, k -> {
            if (Reconciliations.is(k.hardSync())) {
                Reconciliations.took(k);
            }
            return new BulkUnit(k, batch);
        });
        if (unit.submitted || !unit.add(record, batch)) {
            return true; // a redelivery of a batch it has
        }
        batch.getChanges().forEach(c -> ledger.cover(new PostCutLedger.Key(key.location(), c.getInventoryItemId())));
        if (unit.complete()) {
            LOG.info("{}: every batch is in; the bulk path writes it", unit.describe());
            BulkProgress.put(key, BulkProgress.State.of("GATHERED", unit.changes.size()));
        }
        return true;
    }

    /** Before a live delta batch is sent: its covered items are touched since their cut. */
    void sending(AdjustmentBatch adjust) {
        adjust.getChanges()
                .forEach(c ->
                        ledger.touching(new PostCutLedger.Key(adjust.getShopifyLocationId(), c.getInventoryItemId())));
    }

    /** After it applied: Shopify has these deltas (all but the refused). */
    void applied(AdjustmentBatch adjust, BatchApplier.Outcome outcome) {
        if (outcome.batchRejected()) {
            return;
        }
        java.util.Set<String> refused = new java.util.HashSet<>();
        outcome.refused().forEach(r -> refused.add(r.change().getInventoryItemId()));
        for (AdjustmentChange c : adjust.getChanges()) {
            if (!refused.contains(c.getInventoryItemId())) {
                ledger.applied(
                        new PostCutLedger.Key(adjust.getShopifyLocationId(), c.getInventoryItemId()), c.getQuantity());
            }
        }
    }

    /**
     * On the task's thread: starts the ready locations, and settles what finished runs handed back. Throws what a run
     * failed with, once, as the task's failure.
     */
    void poll(Direct direct, Refusals refusals)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        for (Object done = finished.poll(); done != null; done = finished.poll()) {
            if (done instanceof Retry r) {
                long at = System.currentTimeMillis() + RETRY_MS;
                r.units().forEach(u -> {
                    u.submitted = false;
                    u.notBefore = at;
                    BulkProgress.put(u.key, BulkProgress.State.of("RETRYING", u.changes.size()));
                });
                continue;
            }
            if (done instanceof Throwable t) {
                throw new ConnectException(
                        "bulk hard sync failed: " + t.getMessage()
                                + " (its batches are not committed; the restarted task resumes it)",
                        t);
            }
            @SuppressWarnings("unchecked")
            List<BulkRun.Result> results = (List<BulkRun.Result>) done;
            results.forEach(r -> settling.add(new BulkSettling(r)));
        }
        int[] budget = {DIRECT_BATCHES_PER_DELIVERY};
        while (!settling.isEmpty() && settle(settling.get(0), direct, refusals, budget)) {
            settling.remove(0);
        }
        submitReady();
    }

    private void submitReady() {
        long now = System.currentTimeMillis();
        Map<String, List<BulkUnit>> ready = new LinkedHashMap<>();
        for (BulkUnit u : units.values()) {
            boolean overdue = !u.complete() && now - u.firstAt > GATHER_TIMEOUT_MS;
            if (overdue && !u.submitted) {
                LOG.warn(
                        "{}: not every Streams task's batches came within {} min; writing what came (the rest "
                                + "goes the direct way when it comes)",
                        u.describe(),
                        GATHER_TIMEOUT_MS / 60_000);
            }
            if (!u.submitted && (u.complete() || overdue) && u.notBefore <= now) {
                ready.computeIfAbsent(u.key.hardSync(), h -> new ArrayList<>()).add(u);
            }
        }
        ready.forEach((hardSync, list) -> {
            boolean others =
                    units.values().stream().anyMatch(u -> u.key.hardSync().equals(hardSync) && !u.complete());
            long oldest = list.stream().mapToLong(u -> u.completedAt).min().orElse(now);
            if (others && now - oldest < GATHER_MS) {
                return; // other locations of this hard sync are still arriving: they may share the operation
            }
            list.forEach(u -> u.submitted = true);
            worker.submit(() -> {
                try {
                    finished.add(run.run(list));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ShopifyClient.Fatal | Error e) {
                    LOG.error("bulk hard sync {} failed", hardSync, e);
                    finished.add(e);
                } catch (Exception e) { // a download cut off, Shopify busy past the budget: the whole run again
                    LOG.warn(
                            "bulk hard sync {} failed ({}); trying it again in {} s",
                            hardSync,
                            e.toString(),
                            RETRY_MS / 1000);
                    finished.add(new Retry(list, e));
                }
            });
        });
    }

    /**
     * Settles a run's result a few direct batches at a time ({@link BulkSettling}), and once nothing is left ends the
     * unit: its final counts, its reconciliation's drift, its items' deltas ordinary again, its offsets free.
     *
     * @return whether the unit is done
     */
    private boolean settle(BulkSettling s, Direct direct, Refusals refusals, int[] budget)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        if (!s.writeDirectly(ledger, direct, refusals, budget)) {
            return false;
        }
        BulkRun.Result r = s.result;
        BulkUnit u = r.unit();
        BulkProgress.State was =
                BulkProgress.done(u.key, u.changes.size(), r.direct().size(), s.dead);
        if (Reconciliations.is(u.key.hardSync())) {
            Reconciliations.done(u.key, was.drifted());
            metrics.reconcileDrifted.record(was.drifted());
        }
        LOG.info(
                "{}: done; {} written directly, {} dead-lettered",
                u.describe(),
                r.direct().size(),
                s.dead);
        u.changes.keySet().forEach(item -> ledger.release(new PostCutLedger.Key(u.key.location(), item)));
        units.remove(u.key);
        done.put(u.key, u.parts());
        return true;
    }

    /** The offsets Connect may commit: none at or past the first record of a unit not done. */
    Map<TopicPartition, OffsetAndMetadata> cap(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (units.isEmpty()) {
            return offsets;
        }
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>(offsets);
        for (BulkUnit u : units.values()) {
            u.firstOffset.forEach((tp, first) ->
                    out.computeIfPresent(tp, (k, o) -> o.offset() > first ? new OffsetAndMetadata(first) : o));
        }
        return out;
    }

    /** Units not done, for the task's stop and tests. */
    int pending() {
        return units.size();
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
