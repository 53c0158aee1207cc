package io.atpsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboard and the Prometheus alert rules shipped in {@code deploy/}, and the metrics they query. */
final class MonitoringFiles {

    static final Path DASHBOARD = Path.of("../deploy/grafana/atp-sync-dashboard.json");
    static final Path ALERTS = Path.of("../deploy/prometheus/atp-sync-alerts.yml");

    /** A metric name of ours in a PromQL expression: Kafka's (Connect, Streams, clients) or ATP Sync's own. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:kafka|atp_sync)_[a-z0-9_]+");

    private static final Pattern EXPR = Pattern.compile("(?m)^\\s*expr:\\s*(.+)$");

    private MonitoringFiles() {}

    static JsonNode dashboard() throws Exception {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    /** Every PromQL expression of the dashboard's panels. */
    static List<String> dashboardExpressions() throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            panel.path("targets").forEach(t -> out.add(t.path("expr").asText()));
        }
        return out;
    }

    /** Every alert rule's {@code expr:} line. */
    static List<String> alertExpressions() throws Exception {
        List<String> out = new ArrayList<>();
        Matcher m = EXPR.matcher(Files.readString(ALERTS));
        while (m.find()) {
            out.add(m.group(1).trim());
        }
        return out;
    }

    /** The metric names the dashboard and the rules query, sorted. */
    static Set<String> metricsUsed() throws Exception {
        Set<String> out = new TreeSet<>();
        List<String> all = new ArrayList<>(dashboardExpressions());
        all.addAll(alertExpressions());
        for (String e : all) {
            Matcher m = METRIC.matcher(e);
            while (m.find()) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** The metric names a Prometheus text exposition has samples for. */
    static Set<String> exported(String prometheusText) {
        Set<String> out = new TreeSet<>();
        for (String line : prometheusText.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.split("[{ ]", 2)[0]);
            }
        }
        return out;
    }
}
