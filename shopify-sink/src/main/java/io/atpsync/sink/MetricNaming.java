package io.atpsync.sink;

import java.util.ArrayList;
import java.util.List;

/**
 * How a Kafka metric attribute becomes a Prometheus metric (prometheus.io, "Metric and label naming": base units,
 * seconds not milliseconds; an accumulating count is a counter whose name ends in {@code _total}). Kafka's
 * {@code …-total} attributes are cumulative: they become counters, the suffix left to the registry (Prometheus's client
 * refuses a gauge named {@code …_total} and strips it, which is how {@code batches-applied-total} used to come out as
 * the gauge {@code batches_applied}). A {@code ms} word becomes {@code seconds} with the value scaled by 1/1000.
 */
final class MetricNaming {

    /** The name to register (without {@code _total}), whether it is a counter, and the factor on the value. */
    record Named(String name, boolean counter, double scale) {}

    private MetricNaming() {}

    static Named of(String attribute) {
        boolean counter = attribute.endsWith("-total") && !attribute.equals("-total");
        String base = counter ? attribute.substring(0, attribute.length() - "-total".length()) : attribute;
        List<String> words = new ArrayList<>(List.of(base.split("-")));
        double scale = 1;
        int ms = words.indexOf("ms");
        if (ms >= 0) {
            words.remove(ms);
            words.add("seconds"); // the unit last: latency-avg-ms -> latency-avg-seconds
            scale = 0.001;
        }
        return new Named(String.join("-", words), counter, scale);
    }
}
