package io.atpsync.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusTextTest {

    private static final String TEXT = String.join(
            "\n",
            "# HELP kafka_connect_plugins_batches_applied  ",
            "# TYPE kafka_connect_plugins_batches_applied gauge",
            "kafka_connect_plugins_batches_applied{connector=\"shopify-sink\",task=\"0\"} 249.0",
            "kafka_connect_plugins_batches_applied{connector=\"shopify-sink\",task=\"1\"} 12.0",
            "kafka_connect_plugins_latency_max_ms{connector=\"shopify-sink\",task=\"0\"} 800.0",
            "kafka_connect_plugins_latency_max_ms{connector=\"shopify-sink\",task=\"1\"} 6686.0",
            "kafka_connect_plugins_latency_avg_ms{connector=\"a b\",task=\"0\"} 100.0",
            "kafka_connect_plugins_latency_avg_ms{connector=\"a b\",task=\"1\"} 300.0",
            "kafka_connect_plugins_retries{task=\"0\"} NaN",
            "plain_metric 5",
            "broken_line",
            "not_a_number{a=\"1\"} x",
            "");

    @ParameterizedTest(name = "{0} of {1} = {2}")
    @CsvSource(
            nullValues = "none",
            value = {
                "sum,  plugins_batches_applied,  261.0",
                "max,  plugins_latency_max_ms,   6686.0",
                "mean, plugins_latency_avg_ms,   200.0", // label values with spaces still parse
                "sum,  plugins_retries,          none", // NaN samples are skipped
                "sum,  plain_metric,             5.0", // no labels
                "sum,  not_a_number,             none",
                "sum,  missing,                  none",
            })
    void combinesSamplesAcrossLabels(String how, String suffix, Double expected) {
        List<PrometheusText.Sample> samples = PrometheusText.samples(TEXT);
        Double actual = switch (how) {
            case "sum" -> PrometheusText.sum(samples, suffix);
            case "max" -> PrometheusText.max(samples, suffix);
            default -> PrometheusText.mean(samples, suffix);
        };
        assertThat(actual).isEqualTo(expected);
    }
}
