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
    /** The unit's records and their batches, in arrival order (no per-item map: a catalogue has a million). */
    private final java.util.List<Map.Entry<SinkRecord, AdjustmentBatch>> records = new java.util.ArrayList<>();

    final Map<TopicPartition, Long> firstOffset = new HashMap<>();
    private final Set<String> parts = new HashSet<>();
    private final Map<Integer, Integer> counts = new HashMap<>();
    private int sourcePartitions;
    long completedAt = -1;
    /** When its first batch came (epoch millis). */
    final long firstAt = System.currentTimeMillis();

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
        if (!parts.add(part(batch))) {
            return false;
        }
        counts.put(p.getSourcePartition(), p.getCount());
        sourcePartitions = p.getSourcePartitions();
        for (AdjustmentChange c : batch.getChanges()) {
            changes.put(c.getInventoryItemId(), c);
        }
        // Without its bytes: a dead letter carries the change as JSON, and a catalogue's bytes are not kept twice.
        records.add(Map.entry(
                new SinkRecord(
                        record.topic(),
                        record.kafkaPartition(),
                        record.keySchema(),
                        record.key(),
                        null,
                        null,
                        record.kafkaOffset(),
                        record.timestamp(),
                        record.timestampType(),
                        record.headers()),
                batch));
        firstOffset.merge(new TopicPartition(record.topic(), record.kafkaPartition()), record.kafkaOffset(), Math::min);
        if (complete() && completedAt < 0) {
            completedAt = System.currentTimeMillis();
        }
        return true;
    }

    private Map<String, Map.Entry<SinkRecord, AdjustmentBatch>> sources;

    /**
     * The record and batch that brought {@code item}'s target (for its dead letter); the index is built at the first
     * refusal only, as most units have none.
     */
    Map.Entry<SinkRecord, AdjustmentBatch> sourceOf(String item) {
        if (sources == null) {
            sources = new HashMap<>();
            records.forEach(r -> r.getValue().getChanges().forEach(c -> sources.put(c.getInventoryItemId(), r)));
        }
        return sources.getOrDefault(item, records.get(records.size() - 1));
    }

    /** A batch's place in the cut: its Streams task and index. */
    static String part(AdjustmentBatch batch) {
        HardSyncPart p = batch.getHardSyncPart();
        return p.getSourcePartition() + "/" + p.getIndex();
    }

    /** The places of the batches it has. */
    Set<String> parts() {
        return Set.copyOf(parts);
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
