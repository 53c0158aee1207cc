package io.atpsync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Prometheus naming of Connect's and the sink's metrics: counters end in {@code _total} (added by the registry for a
 * counter), times are in seconds (prometheus.io, "Metric and label naming").
 */
class MetricNamingTest {

    @ParameterizedTest(name = "{0} -> {1} counter={2} x{3}")
    @CsvSource({
        // attribute, name registered, counter, scale
        "batches-applied-total, batches-applied, true, 1",
        "dead-lettered-changes-total, dead-lettered-changes, true, 1",
        "throttle-wait-ms-total, throttle-wait-seconds, true, 0.001",
        "latency-avg-ms, latency-avg-seconds, false, 0.001",
        "latency-max-ms, latency-max-seconds, false, 0.001",
        "put-batch-avg-time-ms, put-batch-avg-time-seconds, false, 0.001",
        "reconcile-last-complete-age-seconds, reconcile-last-complete-age-seconds, false, 1",
        "sink-record-read-rate, sink-record-read-rate, false, 1",
        "connector-total-task-count, connector-total-task-count, false, 1", // a count now: a gauge
        "connector-failed-task-count, connector-failed-task-count, false, 1",
        "offset-commit-completion-total, offset-commit-completion, true, 1",
        "msgs-total, msgs, true, 1", // a word that only starts like ms is not ms
    })
    void shouldNameEachMetricInBaseUnitsWithCountersApart(
            String attribute, String name, boolean counter, double scale) {
        assertThat(MetricNaming.of(attribute)).isEqualTo(new MetricNaming.Named(name, counter, scale));
    }
}
