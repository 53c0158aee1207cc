package io.atpsync.streams.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Shopify sink's counters, read from the Connect worker's {@code /metrics} for the System page. */
final class SinkCounters {

    /** The sink's own metrics, as Connect's {@code /metrics} (the sink plugin's REST extension) names them. */
    private static final List<String> SINK_COUNTERS = List.of(
            "plugins_batches_applied_total",
            "plugins_changes_applied_total",
            "plugins_api_cost_total",
            "plugins_throttle_wait_seconds_total",
            "plugins_retries_total",
            "plugins_dead_lettered_changes_total");

    private final HttpClient http;
    private final String connectUrl;
    private final Map<String, Object> previousSink = new HashMap<>();

    SinkCounters(HttpClient http, String connectUrl) {
        this.http = http;
        this.connectUrl = connectUrl;
    }

    /** The sink's counters summed over its tasks, with rates per second since the previous reading. */
    synchronized Map<String, Object> read() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(connectUrl + "/metrics"))
                        .timeout(Duration.ofSeconds(3))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    "Connect answered HTTP " + r.statusCode() + " for /metrics (is the sink plugin's REST "
                            + "extension configured: rest.extension.classes=io.atpsync.sink.MetricsRestExtension?)");
        }
        List<PrometheusText.Sample> samples = PrometheusText.samples(r.body());
        Map<String, Object> m = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        Object prevAt = previousSink.get("at");
        Map<String, Double> totals = new LinkedHashMap<>();
        for (String counter : SINK_COUNTERS) {
            Double value = PrometheusText.sum(samples, counter); // summed over the sink's tasks
            if (value == null) {
                continue;
            }
            String shortName = counter.substring("plugins_".length(), counter.length() - "_total".length());
            m.put(shortName, value);
            totals.put(counter, value);
            Object prev = previousSink.get(counter);
            if (prev instanceof Double && prevAt instanceof Long && now > (Long) prevAt) {
                m.put(shortName + "_per_s", Math.max(0, value - (Double) prev) * 1000.0 / (now - (Long) prevAt));
            }
        }
        Double avg = PrometheusText.mean(samples, "plugins_latency_avg_seconds");
        Double max = PrometheusText.max(samples, "plugins_latency_max_seconds");
        Double p99 = PrometheusText.max(samples, "plugins_latency_p99_seconds"); // the slowest task's
        if (p99 != null) {
            m.put("latency_p99_seconds", p99);
        }
        if (avg != null) {
            m.put("latency_avg_seconds", avg);
        }
        if (max != null) {
            m.put("latency_max_seconds", max);
        }
        previousSink.clear();
        previousSink.putAll(totals);
        previousSink.put("at", now);
        return m;
    }
}
