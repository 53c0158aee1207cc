package io.atpsync.streams.topology;

import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.AdjustmentKind;
import io.atpsync.schemas.HardSyncPart;
import io.atpsync.streams.config.Settings;
import io.atpsync.streams.state.MappingState;
import io.atpsync.streams.variance.Batches;
import io.atpsync.streams.variance.ShopifyReason;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The push processor's output: {@link AdjustmentBatch}es of at most 250 changes, their ids from committed state only
 * ({@link PushState}), forwarded to {@code atp.adjustments}; a hard sync's cut with each batch's place in it.
 */
final class BatchEmitter {

    private final ProcessorContext<String, AdjustmentBatch> context;
    private final Settings settings;
    private final PushState state;
    private final Sensor batchSensor;
    private final Sensor ageSensor;
    private final java.util.function.Predicate<String> onHand;

    BatchEmitter(
            ProcessorContext<String, AdjustmentBatch> context,
            Settings settings,
            PushState state,
            Sensor batchSensor,
            Sensor ageSensor,
            java.util.function.Predicate<String> onHand) {
        this.context = context;
        this.settings = settings;
        this.state = state;
        this.batchSensor = batchSensor;
        this.ageSensor = ageSensor;
        this.onHand = onHand;
    }

    /**
     * A location's SET batches of one cut, each saying its place among them ({@link HardSyncPart}); one empty batch
     * where this task has no target there, so the sink knows the task's part is complete.
     */
    void cut(String shop, String location, List<AdjustmentChange> changes, long windowStart, long cut, String id) {
        List<List<AdjustmentChange>> parts =
                changes.isEmpty() ? List.of(List.of()) : Batches.split(changes, Batches.SHOPIFY_MAX_CHANGES);
        for (int i = 0; i < parts.size(); i++) {
            HardSyncPart part = new HardSyncPart(
                    context.taskId().partition(), settings.partitions(), i + 1, parts.size(), changes.size());
            emit(
                    shop,
                    location,
                    AdjustmentKind.SET,
                    ShopifyReason.CORRECTION,
                    parts.get(i),
                    windowStart,
                    cut,
                    id,
                    part);
        }
    }

    void emit(
            String shop,
            String location,
            AdjustmentKind kind,
            String reason,
            List<AdjustmentChange> changes,
            Long windowStart,
            Long windowEnd,
            String hardSyncId) {
        for (List<AdjustmentChange> part : Batches.split(changes, Batches.SHOPIFY_MAX_CHANGES)) {
            emit(shop, location, kind, reason, part, windowStart, windowEnd, hardSyncId, null);
        }
    }

    void emit(
            String shop,
            String location,
            AdjustmentKind kind,
            String reason,
            List<AdjustmentChange> changes,
            Long windowStart,
            Long windowEnd,
            String hardSyncId,
            HardSyncPart cutPart) {
        AdjustmentBatch batch = AdjustmentBatch.newBuilder()
                .setBatchId(Batches.batchId(
                        settings.applicationId(),
                        settings.epoch(),
                        state.incarnation(),
                        context.taskId().partition(),
                        state.nextSeq()))
                .setShop(shop)
                .setShopifyLocationId(location)
                .setKind(kind)
                .setReason(reason)
                .setChanges(changes)
                .setWindowStart(windowStart == null ? null : Instant.ofEpochMilli(windowStart))
                .setWindowEnd(windowEnd == null ? null : Instant.ofEpochMilli(windowEnd))
                .setHardSyncRequestId(hardSyncId)
                .setHardSyncPart(cutPart)
                .setQuantityName(onHand.test(location) ? MappingState.ON_HAND : null)
                .build();
        context.forward(new Record<>(
                AtpStores.key(shop, location), batch, windowEnd == null ? context.currentSystemTimeMs() : windowEnd));
        batchSensor.record();
        if (windowStart != null && kind == AdjustmentKind.ADJUST) {
            ageSensor.record(Math.max(0, context.currentSystemTimeMs() - windowStart));
        }
    }
}
