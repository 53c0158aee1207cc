package io.atpsync.streams.config;

import java.time.Duration;
import java.util.Map;

/**
 * What the topology needs to know that is not a topic: partitions of the input topics (internal re-keyed and broadcast
 * topics must match them), history and dedup horizons, and the serde configuration ({@code schema.registry.url}, ...).
 *
 * @param partitions partitions of {@code inventory.events}
 * @param historyHorizon how late a count may arrive and still be placed among the deltas (≥ 24 h)
 * @param dedupRetention how long event ids are remembered (≥ 7 days)
 * @param serdeConfigs configuration of the Avro serdes
 * @param applicationId the Streams application id (part of every batch id)
 * @param epoch rebuild epoch (part of every batch id: a rebuilt app never reuses an id)
 * @param flushInterval tumbling window of the variances; a window is pushed when it closes by wall-clock
 * @param adjustmentHistory how long pushed windows are kept as the local adjustment history
 * @param syncMode VARIANCE (default) or COMPARE for every location
 * @param compareLocations locations synced in COMPARE mode whatever {@code syncMode} says
 * @param rebuildUntil rebuild mode: per partition of {@code inventory.events}, the end offset seen at start; no
 *     variance is pushed until a task has caught up to it, then it hard-syncs (empty = normal)
 */
public record Settings(
        int partitions,
        Duration historyHorizon,
        Duration dedupRetention,
        Map<String, ?> serdeConfigs,
        String applicationId,
        int epoch,
        Duration flushInterval,
        Duration adjustmentHistory,
        SyncMode syncMode,
        java.util.Set<String> compareLocations,
        Map<Integer, Long> rebuildUntil) {

    /** How changes reach Shopify: deltas, or absolute targets written with compare-and-swap. */
    public enum SyncMode {
        VARIANCE,
        COMPARE
    }

    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_ADJUSTMENT_HISTORY = Duration.ofDays(7);

    public static final Duration DEFAULT_HISTORY_HORIZON = Duration.ofHours(48);
    public static final Duration DEFAULT_DEDUP_RETENTION = Duration.ofDays(7);

    public Settings {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        if (historyHorizon.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalArgumentException("history horizon must be >= 24 h, was " + historyHorizon);
        }
        if (dedupRetention.compareTo(Duration.ofDays(7)) < 0) {
            throw new IllegalArgumentException("dedup retention must be >= 7 days, was " + dedupRetention);
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flush interval must be > 0, was " + flushInterval);
        }
        serdeConfigs = Map.copyOf(serdeConfigs);
        compareLocations = java.util.Set.copyOf(compareLocations);
        rebuildUntil = Map.copyOf(rebuildUntil);
    }

    public static Settings defaults(int partitions, Map<String, ?> serdeConfigs) {
        return new Settings(
                partitions,
                DEFAULT_HISTORY_HORIZON,
                DEFAULT_DEDUP_RETENTION,
                serdeConfigs,
                "atp-sync",
                0,
                DEFAULT_FLUSH_INTERVAL,
                DEFAULT_ADJUSTMENT_HISTORY,
                SyncMode.VARIANCE,
                java.util.Set.of(),
                Map.of());
    }

    public Settings withApplication(String applicationId, int epoch) {
        return new Settings(
                partitions,
                historyHorizon,
                dedupRetention,
                serdeConfigs,
                applicationId,
                epoch,
                flushInterval,
                adjustmentHistory,
                syncMode,
                compareLocations,
                rebuildUntil);
    }

    public Settings withRebuildUntil(Map<Integer, Long> endOffsets) {
        return new Settings(
                partitions,
                historyHorizon,
                dedupRetention,
                serdeConfigs,
                applicationId,
                epoch,
                flushInterval,
                adjustmentHistory,
                syncMode,
                compareLocations,
                endOffsets);
    }

    public Settings withSync(Duration flushInterval, SyncMode syncMode, java.util.Set<String> compareLocations) {
        return new Settings(
                partitions,
                historyHorizon,
                dedupRetention,
                serdeConfigs,
                applicationId,
                epoch,
                flushInterval,
                adjustmentHistory,
                syncMode,
                compareLocations,
                rebuildUntil);
    }

    public boolean compare(String shopifyLocationId) {
        return syncMode == SyncMode.COMPARE || compareLocations.contains(shopifyLocationId);
    }
}
