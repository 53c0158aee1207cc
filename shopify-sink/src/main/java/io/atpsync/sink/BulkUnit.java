package io.atpsync.sink;

import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.HardSyncPart;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One location's part of a bulk hard sync in one sink task: the SET batches of every Streams task's cut there, gathered
 * until each task's are all in ({@link HardSyncPart}), then written by a bulk operation ({@link BulkRun}). Its records'
 * offsets are held back until it is done, so a restart delivers it whole again.
 */
final class BulkUnit {

    /** A hard sync at a location. */
    record Key(String hardSync, String location) {}

    final Key key;
    /** The first batch: its reason and window (request to cut) stand for the unit's. */
    final AdjustmentBatch first;

    final Map<String, AdjustmentChange> changes = new LinkedHashMap<>();
    final Map<String, SinkRecord> recordOf = new HashMap<>();
    final Map<String, AdjustmentBatch> batchOf = new HashMap<>();
    final Map<TopicPartition, Long> firstOffset = new HashMap<>();
    private final Set<String> parts = new HashSet<>();
    private final Map<Integer, Integer> counts = new HashMap<>();
    private int sourcePartitions;
    long completedAt = -1;
    boolean submitted;
    /** Not to be run again before this (epoch millis), after a failed run. */
    long notBefore;

    BulkUnit(Key key, AdjustmentBatch first) {
        this.key = key;
        this.first = first;
    }

    /** Adds a batch of the unit; false when it was here already (a redelivery). */
    boolean add(SinkRecord record, AdjustmentBatch batch) {
        HardSyncPart p = batch.getHardSyncPart();
        if (!parts.add(p.getSourcePartition() + "/" + p.getIndex())) {
            return false;
        }
        counts.put(p.getSourcePartition(), p.getCount());
        sourcePartitions = p.getSourcePartitions();
        for (AdjustmentChange c : batch.getChanges()) {
            changes.put(c.getInventoryItemId(), c);
            recordOf.put(c.getInventoryItemId(), record);
            batchOf.put(c.getInventoryItemId(), batch);
        }
        firstOffset.merge(new TopicPartition(record.topic(), record.kafkaPartition()), record.kafkaOffset(), Math::min);
        if (complete() && completedAt < 0) {
            completedAt = System.currentTimeMillis();
        }
        return true;
    }

    /** Every Streams task's batches for the location are in. */
    boolean complete() {
        return counts.size() == sourcePartitions
                && parts.size()
                        == counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    String describe() {
        return "hard sync " + key.hardSync() + " at " + key.location() + " (" + changes.size() + " targets)";
    }
}
