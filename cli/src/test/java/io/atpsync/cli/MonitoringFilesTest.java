package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped Grafana dashboard and Prometheus rules cover what the issue "Production-ready" lists; that each metric
 * they query is exported is EndToEndIT's check against a running stack.
 */
class MonitoringFilesTest {

    @Test
    void shouldPlotEveryFigureThePersonOnCallNeeds() throws Exception {
        JsonNode d = MonitoringFiles.dashboard();
        List<String> titles = new ArrayList<>();
        for (JsonNode p : d.path("panels")) {
            titles.add(p.path("title").asText().toLowerCase(java.util.Locale.ROOT));
            assertThat(p.path("targets")).as(p.path("title").asText()).isNotEmpty();
            assertThat(p.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        }
        for (String figure : List.of(
                "freshness", "lag", "batches", "api cost", "throttle", "dead letters", "drift", "reconciliation age")) {
            assertThat(titles).as(figure).anyMatch(t -> t.contains(figure));
        }
        assertThat(d.path("uid").asText()).isEqualTo("atp-sync");
    }

    @Test
    void shouldAlertOnEveryFailureThatNeedsSomeone() throws Exception {
        String rules = Files.readString(MonitoringFiles.ALERTS);
        for (String alert : List.of(
                "ShopifySinkTaskNotRunning",
                "FreshnessAboveTarget",
                "DeadLetterGrowth",
                "ReconciliationOverdue",
                "ShopifyTokenFailure",
                "WebhookRejections")) {
            assertThat(rules).contains("- alert: " + alert + "\n");
        }
        int alerts = rules.split("- alert: ", -1).length - 1;
        assertThat(MonitoringFiles.alertExpressions()).hasSize(alerts);
        assertThat(rules.split("severity: ", -1).length - 1)
                .as("every rule has a severity")
                .isEqualTo(alerts);
        assertThat(rules.split("runbook: ", -1).length - 1)
                .as("every rule names its runbook entry")
                .isEqualTo(alerts);
        assertThat(rules).doesNotContain("\t");
    }

    @Test
    void shouldQueryOnlyPrometheusNamesInBaseUnits() throws Exception {
        assertThat(MonitoringFiles.metricsUsed())
                .isNotEmpty()
                .noneMatch(m -> m.endsWith("_ms") || m.contains("_ms_"))
                .contains(
                        "kafka_connect_plugins_dead_lettered_changes_total",
                        "kafka_connect_plugins_reconcile_last_complete_age_seconds",
                        "atp_sync_sink_token_failures_total",
                        "atp_sync_webhooks_rejected_total");
    }
}
