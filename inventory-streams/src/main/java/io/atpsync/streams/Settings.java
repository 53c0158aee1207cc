package io.atpsync.streams;

import java.time.Duration;
import java.util.Map;

/**
 * What the topology needs to know that is not a topic: partitions of the input topics (internal
 * re-keyed and broadcast topics must match them), history and dedup horizons, and the serde
 * configuration ({@code schema.registry.url}, ...).
 *
 * @param partitions     partitions of {@code inventory.events}
 * @param historyHorizon how late a count may arrive and still be placed among the deltas (≥ 24 h)
 * @param dedupRetention how long event ids are remembered (≥ 7 days)
 * @param serdeConfigs   configuration of the Avro serdes
 */
public record Settings(int partitions, Duration historyHorizon, Duration dedupRetention, Map<String, ?> serdeConfigs) {

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
        serdeConfigs = Map.copyOf(serdeConfigs);
    }

    public static Settings defaults(int partitions, Map<String, ?> serdeConfigs) {
        return new Settings(partitions, DEFAULT_HISTORY_HORIZON, DEFAULT_DEDUP_RETENTION, serdeConfigs);
    }
}
