package io.atpsync.sink;

import java.util.LinkedHashMap;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;

/**
 * The sink's metrics, registered with Connect's plugin metrics (so JMX and any Kafka metrics reporter see them):
 * batches, changes, API cost, throttle waits, retries, DLQ, latency.
 */
final class SinkMetrics {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SinkMetrics.class);

    final Sensor batches;
    final Sensor changes;
    final Sensor cost;
    final Sensor throttleWaitMs;
    final Sensor retries;
    final Sensor deadLettered;
    final Sensor latencyMs;
    final Sensor ordersKept;
    final Sensor staleRereads;
    final Sensor reconcileDrifted;
    private final PluginMetrics plugin;
    private final Metrics local;
    /**
     * Sensor names are global in the worker's metrics registry: without a per-instance prefix two tasks on one worker
     * would share one sensor, and each task's metric would show both tasks' sum.
     */
    private final String sensorPrefix = "atp-sync-shopify-sink-" + INSTANCES.incrementAndGet() + "-";

    private static final java.util.concurrent.atomic.AtomicLong INSTANCES =
            new java.util.concurrent.atomic.AtomicLong();

    /** The shop, a label on every metric (one shop per connector: bounded). */
    private final String shop;

    /** With Connect's plugin metrics, or (null) a private registry for tests. */
    SinkMetrics(PluginMetrics plugin) {
        this(plugin, null);
    }

    SinkMetrics(PluginMetrics plugin, String shop) {
        this.plugin = plugin;
        this.shop = shop;
        this.local = plugin == null ? new Metrics() : null;
        batches = total("batches-applied", "Adjustment batches Shopify applied");
        changes = total("changes-applied", "Item changes Shopify applied");
        cost = total("api-cost", "GraphQL cost points spent");
        throttleWaitMs = total("throttle-wait-ms", "Time spent waiting for the shop's bucket");
        retries =
                total("retries", "Calls retried (5xx, throttled, timeouts, dropped connections, transient userErrors)");
        deadLettered = total("dead-lettered-changes", "Changes sent to the DLQ with Shopify's error");
        ordersKept = total(
                "hard-sync-order-units-kept",
                "Units of open Shopify orders the OMS had not reserved, kept out of hard-sync targets");
        staleRereads = total(
                "hard-sync-rereads",
                "Order-aware SET rounds read again (stale compare-and-swap or reads that straddled an order)");
        reconcileDrifted = total("reconcile-drifted-keys", "Keys reconciliations found drifted and fixed");
        gauge(
                "reconcile-last-complete-age-seconds",
                "Seconds since the last complete reconciliation ended (-1: none yet)",
                Reconciliations::lastCompleteAgeSeconds);
        gauge(
                "reconcile-last-complete-drifted-keys",
                "Keys the last complete reconciliation found drifted (-1: none yet)",
                () -> (double) Reconciliations.lastCompleteDrifted());
        latencyMs = sensor("latency");
        add(latencyMs, name("latency-avg-ms", "Window end to applied, average"), new Avg());
        add(latencyMs, name("latency-max-ms", "Window end to applied, maximum"), new Max());
        try { // p99 of the last minute, in 1,000 linear buckets up to 10 minutes (600 ms each)
            latencyMs.add(new org.apache.kafka.common.metrics.stats.Percentiles(
                    4_000,
                    600_000,
                    org.apache.kafka.common.metrics.stats.Percentiles.BucketSizing.LINEAR,
                    new org.apache.kafka.common.metrics.stats.Percentile(
                            name("latency-p99-ms", "Window end to applied, 99th percentile"), 99)));
        } catch (IllegalArgumentException alreadyRegistered) {
            LOG.warn("metric latency-p99-ms of a previous instance of this task is still registered");
        }
    }

    private void gauge(String name, String description, java.util.function.DoubleSupplier value) {
        org.apache.kafka.common.metrics.Gauge<Double> g = (config, now) -> value.getAsDouble();
        try {
            if (plugin != null) {
                plugin.addMetric(name(name, description), g);
            } else {
                local.addMetric(name(name, description), g);
            }
        } catch (IllegalArgumentException alreadyRegistered) {
            LOG.warn("metric {} of a previous instance of this task is still registered", name);
        }
    }

    private Sensor total(String name, String description) {
        Sensor s = sensor(name);
        add(s, name(name + "-total", description), new CumulativeSum());
        return s;
    }

    /**
     * A task restarted on the same worker while Connect still holds its previous instance's metrics (seen after a
     * broker restart in chaos R3) must still start: its sensor records, and the metric is exported again from the next
     * start.
     */
    private static void add(Sensor s, MetricName name, org.apache.kafka.common.metrics.MeasurableStat stat) {
        try {
            s.add(name, stat);
        } catch (IllegalArgumentException alreadyRegistered) {
            LOG.warn(
                    "metric {} of a previous instance of this task is still registered: not exported by this one ({})",
                    name.name(),
                    alreadyRegistered.getMessage());
        }
    }

    private Sensor sensor(String name) {
        return plugin != null ? plugin.addSensor(sensorPrefix + name) : local.sensor(name);
    }

    private MetricName name(String name, String description) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        if (shop != null) {
            tags.put("shop", shop);
        }
        return plugin != null
                ? plugin.metricName(name, description, tags)
                : local.metricName(name, "atp-sync-shopify-sink", description);
    }
}
