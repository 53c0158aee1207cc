package io.atpsync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.Test;

class SinkMetricsTest {

    /**
     * Chaos R3 killed a task for good this way: restarted on the same worker after a broker restart while Connect still
     * held its previous instance's plugin metrics (same connector and task tags), its metrics failed with "A metric
     * named ... already exists". The new instance must start and record; the old instance's metric stays exported.
     */
    @Test
    void shouldStartATaskWhosePreviousInstancesMetricsAreStillRegistered() throws Exception {
        try (Metrics registry = new Metrics();
                PluginMetricsImpl plugin =
                        new PluginMetricsImpl(registry, Map.of("connector", "shopify-sink", "task", "0"))) {
            SinkMetrics previous = new SinkMetrics(plugin);
            previous.batches.record(3);

            SinkMetrics restarted = new SinkMetrics(plugin);
            restarted.batches.record(1);
            restarted.latencyMs.record(250);

            assertThat(registry.metrics().entrySet())
                    .filteredOn(e -> e.getKey().name().equals("batches-applied-total"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.getValue().metricValue()).isEqualTo(3.0));
        }
    }
}
