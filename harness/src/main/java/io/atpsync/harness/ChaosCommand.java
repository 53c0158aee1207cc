package io.atpsync.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.atpsync.cli.Launcher;
import io.atpsync.cli.LocalStackOptions;
import io.atpsync.local.LocalStack;
import io.atpsync.local.LocalStackConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code atp-sync chaos}: the reliability suite. A local stack of its own (broker process, registry, Connect worker,
 * Streams app, emulator) runs scenarios R1–R7, each a seeded workload under its faults, and checks every (item,
 * location) in Shopify against the reference model.
 */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = {
            "Reliability suite: crashes and faults on the real local "
                    + "stack (R1–R7), Shopify checked key by key against an "
                    + "independent reference model; writes reliability/results.{md,json}.",
            "Exit code 0 when nothing was lost or doubled in any scenario, 1 otherwise."
        })
final class ChaosCommand implements Callable<Integer> {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String CHAOS_CLIENT_ID = "atp-sync-chaos";

    @Mixin
    LocalStackOptions options;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--quick",
            description = "8,000 events and one fault per scenario (the CI variant) instead of 200,000 and five.")
    boolean quick;

    @Option(
            names = "--only",
            split = ",",
            paramLabel = "R",
            description = "Run only these scenarios (r1,…,r7). Default: all.")
    Set<String> only = new TreeSet<>();

    @Option(
            names = "--seed",
            defaultValue = "20261123",
            description = "Seed of the workloads and fault moments. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--out", defaultValue = "reliability", description = "Where results go. Default: ${DEFAULT-VALUE}")
    Path out;

    @Override
    public Integer call() throws Exception {
        // no scheduled reconciliation in the middle of what is measured (the bulk hard sync has its own figures)
        System.setProperty(io.atpsync.local.LocalStackConfig.RECONCILE_INTERVAL_PROPERTY, "off");
        PrintWriter log = spec.commandLine().getOut();
        List<ChaosScenario.Kind> kinds = new ArrayList<>();
        for (String s : only) {
            try {
                kinds.add(ChaosScenario.Kind.valueOf(s.toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--only: unknown scenario '" + s + "' (r1 to r7)");
            }
        }
        if (kinds.isEmpty()) {
            kinds.addAll(List.of(ChaosScenario.Kind.values()));
        }
        boolean own = options.home.equals(Launcher.home().resolve(".atp-sync/local"));
        if (own) {
            options.home = options.home.resolveSibling("chaos");
            if (Files.exists(options.home)) {
                try (var files = Files.walk(options.home)) {
                    files.sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
        }
        LocalStackConfig config = options.config();
        LocalStack stack = new LocalStack(config);
        List<Map<String, Object>> results = new ArrayList<>();
        long t0 = System.nanoTime();
        LocalStack.ExitHook exit = stack.downOnExit(line -> {});
        String secret = "chaos-" + java.util.UUID.randomUUID();
        Map<String, Object> scan =
                new LinkedHashMap<>(Map.of("logsScanned", 0, "metricOutputsScanned", 0, "leaks", List.of()));
        String stackError = null;
        try {
            stack.up(line -> {
                log.println(line);
                log.flush();
            });
            StackSecrets.clientCredentials(config, secret, log);
            for (ChaosScenario.Kind kind : kinds) {
                results.add(runOne(config, kind, log));
            }
            try {
                scan = StackSecrets.scan(
                        config, List.of(secret, LocalStackOptions.DEMO_TOKEN, LocalStackConfig.DEMO_WEBHOOK_SECRET));
            } catch (Exception e) { // a scan that did not run is a failure, not a pass
                scan.put("leaks", List.of("secret scan failed: " + e));
            }
            log.println("secret scan: " + scan);
            log.flush();
        } catch (Exception e) { // the stack did not come up: say so in the results too
            stackError = "local stack failed: " + e;
            log.println(stackError);
            e.printStackTrace(log);
            log.flush();
            for (ChaosScenario.Kind kind : kinds) {
                if (results.stream().noneMatch(r -> kind.name().equals(r.get("scenario")))) {
                    results.add(failed(kind, stackError));
                }
            }
        } finally {
            stack.down(line -> {});
            exit.close();
        }
        boolean passed = stackError == null
                && results.stream().allMatch(r -> Boolean.TRUE.equals(r.get("passed")))
                && ((List<?>) scan.get("leaks")).isEmpty();
        write(results, scan, (System.nanoTime() - t0) / 1e9, log);
        return passed ? 0 : 1;
    }

    /** One scenario; one that throws is recorded as failed with its error, and the next one still runs. */
    private Map<String, Object> runOne(LocalStackConfig config, ChaosScenario.Kind kind, PrintWriter log) {
        try {
            return new ChaosScenario(
                            config,
                            kind,
                            quick ? 8_000 : 200_000,
                            quick ? 100 : 1_000,
                            quick ? 400 : 2_000,
                            quick ? 1 : 5,
                            seed,
                            log)
                    .diagnoseInto(out)
                    .run();
        } catch (Exception e) {
            log.println(kind + ": FAILED with an error: " + e);
            e.printStackTrace(log);
            log.flush();
            return failed(kind, e.toString());
        }
    }

    private static Map<String, Object> failed(ChaosScenario.Kind kind, String error) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scenario", kind.name());
        r.put("title", kind.title);
        r.put("faultsInjected", List.of());
        r.put("error", error);
        r.put("examples", List.of(error));
        r.put("passed", false);
        return r;
    }

    @SuppressWarnings("unchecked")
    private void write(List<Map<String, Object>> results, Map<String, Object> scan, double seconds, PrintWriter log)
            throws Exception {
        Files.createDirectories(out);
        Map<String, Object> all = new LinkedHashMap<>();
        Path json = out.resolve("results.json");
        if (!only.isEmpty() && Files.exists(json)) { // --only replaces those scenarios, keeps the others
            JsonNode previous = JSON.readTree(json.toFile()).path("scenarios");
            previous.fields().forEachRemaining(e -> all.put(e.getKey(), JSON.convertValue(e.getValue(), Map.class)));
        }
        String command = "./atp-sync chaos" + (quick ? " --quick" : "")
                + (only.isEmpty() ? "" : " --only " + String.join(",", only)) + " --seed " + seed;
        for (Map<String, Object> r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("command", command);
            m.put("date", Instant.now().toString());
            m.putAll(r);
            all.put(String.valueOf(r.get("scenario")), m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(
                "machine",
                Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version"));
        doc.put("scenarios", new java.util.TreeMap<>(all));
        doc.put("secretScan", scan);
        Files.writeString(json, JSON.writeValueAsString(doc));
        StringBuilder md = new StringBuilder(
                "# ATP Sync reliability\n\nWritten by `./atp-sync chaos` (" + doc.get("machine") + "). Each scenario "
                        + "runs a seeded workload (POS sales, receipts, damages, "
                        + "adjustments, reservations, fulfilments, cycle counts, a queue "
                        + "pseudo-facility, Shopify orders in Shopify's documented shape reserved "
                        + "later by the OMS, seven in eight of them fulfilled, one in eight cancelled "
                        + "on Shopify with or without restock and released, 3 % late "
                        + "events dated up to 60 s back (some behind a count), 1 % "
                        + "re-sent duplicates, 0.2 % events that break their rule) "
                        + "on the real local stack under its faults, then compares "
                        + "Shopify's `available` for every (item, location) with an "
                        + "independent reference model of DESIGN.md that applies "
                        + "events by occurredAt. lost = units Shopify is short of the "
                        + "reference, doubled = units over (an order a hard sync overwrote shows here).\n\n"
                        + "| scenario | faults | events (late) | Shopify orders (cancelled) | keys | units expected "
                        + "| units applied | lost | doubled | dead-lettered / bad sent | result | command |\n"
                        + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Object> e : new java.util.TreeMap<>(all).entrySet()) {
            Map<String, Object> r = (Map<String, Object>) e.getValue();
            md.append("| ")
                    .append(e.getKey())
                    .append(' ')
                    .append(r.get("title"))
                    .append(" | ")
                    .append(String.join("; ", (List<String>) r.get("faultsInjected")))
                    .append(" | ")
                    .append(r.get("events"))
                    .append(" (")
                    .append(r.get("lateEvents"))
                    .append(") | ")
                    .append(r.get("shopifyOrders"))
                    .append(" (")
                    .append(r.get("shopifyCancels"))
                    .append(") | ")
                    .append(r.get("keys"))
                    .append(" | ")
                    .append(r.get("unitsExpected"))
                    .append(" | ")
                    .append(r.get("unitsApplied"))
                    .append(" | ")
                    .append(r.get("lost"))
                    .append(" | ")
                    .append(r.get("doubled"))
                    .append(" | ")
                    .append(r.get("deadLettered"))
                    .append(" / ")
                    .append(r.get("badEventsSent"))
                    .append(" | ")
                    .append(Boolean.TRUE.equals(r.get("passed")) ? "passed" : "**FAILED** " + r.get("examples"))
                    .append(" | `")
                    .append(r.get("command"))
                    .append("` ")
                    .append(r.get("date"))
                    .append(" |\n");
        }
        md.append("\nSecret scan of this run: ")
                .append(scan.get("logsScanned"))
                .append(" process logs and the Streams and Connect `/metrics` "
                        + "outputs searched for the sink's client secret, the demo token and the webhook secret: ")
                .append(((List<?>) scan.get("leaks")).isEmpty() ? "none found" : "**" + scan.get("leaks") + "**")
                .append(".\n\nThis run: ")
                .append(Math.round(seconds))
                .append(" s.\n");
        Files.writeString(out.resolve("results.md"), md.toString());
        log.println(md);
        log.flush();
    }
}
