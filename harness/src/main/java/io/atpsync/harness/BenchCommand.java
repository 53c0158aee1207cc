package io.atpsync.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.atpsync.cli.Launcher;
import io.atpsync.cli.LocalStackOptions;
import io.atpsync.emulator.EmulatorAdmin;
import io.atpsync.local.LocalStack;
import io.atpsync.local.LocalStackConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code atp-sync bench}: every benchmark of ATP Sync on a local stack of its own. B2, Shopify API efficiency, lives
 * here: the same seeded slice of events is pushed by ATP Sync (the whole local stack) and by a per-event baseline (one
 * inventoryAdjustQuantities per event, as a generic HTTP sink does) into the emulator on the Standard plan. B1 is
 * {@link StreamsThroughput}, B3 {@link HardSyncThroughput}, B4 {@link Freshness}, B5 {@link Recovery}, B6 the JMH
 * benchmarks. Figures go to benchmarks/results.json (merged per benchmark with {@code --only}) and results.md.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure Streams throughput (B1), Shopify API efficiency (B2), hard-sync rate-limit efficiency "
                + "(B3), freshness (B4), recovery (B5) and the hot path (B6); writes benchmarks/results.{md,json}.")
final class BenchCommand implements Callable<Integer> {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String SHOP = "demo.myshopify.com";

    @Mixin
    LocalStackOptions options;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--quick",
            description = "Smaller runs: B1 100,000 events, B2 2,200, B3 10,000 "
                    + "pairs in bulk (1,000,000 without), B4 30 s, B5 100,000 positions, B6 fewer iterations, "
                    + "B7 a 100,000-row reset file (1,000,000 without).")
    boolean quick;

    @Option(
            names = "--only",
            split = ",",
            paramLabel = "B",
            description = "Run only these benchmarks (b1 to b7); their "
                    + "figures replace those in OUT/results.json. Default: all.")
    java.util.Set<String> only = new java.util.TreeSet<>();

    @Option(
            names = "--streams-config",
            paramLabel = "KEY=VALUE",
            description =
                    "A setting of the ATP Sync Streams app under test in B1 (repeatable), e.g. num.stream.threads=2.")
    Map<String, String> streamsConfig = new java.util.LinkedHashMap<>();

    @Option(names = "--out", defaultValue = "benchmarks", description = "Where results go. Default: ${DEFAULT-VALUE}")
    Path out;

    @Option(
            names = "--render",
            description =
                    "Run nothing: write OUT/results.md again from OUT/results.json (e.g. after merging sections).")
    boolean render;

    private boolean runs(String b) {
        return only.isEmpty() || only.contains(b);
    }

    @Override
    public Integer call() throws Exception {
        // no scheduled reconciliation in the middle of what is measured (the bulk hard sync has its own figures)
        System.setProperty(io.atpsync.local.LocalStackConfig.RECONCILE_INTERVAL_PROPERTY, "off");
        PrintWriter log = spec.commandLine().getOut();
        for (String b : only) {
            if (!List.of("b1", "b2", "b3", "b4", "b5", "b6", "b7").contains(b)) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--only: unknown benchmark '" + b + "' (b1 to b7)");
            }
        }
        if (render) {
            @SuppressWarnings("unchecked")
            Map<String, Object> saved =
                    JSON.readValue(out.resolve("results.json").toFile(), LinkedHashMap.class);
            write(saved, log);
            return 0;
        }
        Map<String, Object> results = previous();
        if (only.isEmpty() || !only.equals(java.util.Set.of("b6"))) {
            withStack(results, log);
        }
        if (runs("b6")) {
            log.printf("B6: JMH micro-benchmarks of the hot path ...%n");
            log.flush();
            results.put("B6", section(io.atpsync.harness.micro.MicroBenchmarks.run(quick, log)));
        }
        write(results, log);
        return 0;
    }

    private void withStack(Map<String, Object> results, PrintWriter log) throws Exception {
        // A fresh stack of its own: state left by a demo would skew what reaches Shopify.
        boolean own = options.home.equals(Launcher.home().resolve(".atp-sync/local"));
        if (own) {
            options.home = options.home.resolveSibling("bench");
        }
        if (own && Files.exists(options.home)) {
            try (var files = Files.walk(options.home)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        LocalStackConfig config = options.config();
        LocalStack stack = new LocalStack(config);
        LocalStack.ExitHook exit = stack.downOnExit(line -> {});
        stack.up(line -> {
            log.println(line);
            log.flush();
        });
        try {
            if (runs("b2")) {
                results.put("B2", section(PerEventBaseline.b2(config, quick, log)));
                save(results);
            }
            if (runs("b1")) {
                log.printf(
                        "B1: streams throughput, %d events, ATP Sync topology vs pass-through ...%n",
                        quick ? 100_000 : 1_000_000);
                log.flush();
                Map<String, Object> stress = StreamsThroughput.sideBySide(
                        config, quick ? 100_000 : 1_000_000, options.home.resolve("b1-state"), streamsConfig, log);
                results.put("B1", section(stress));
                save(results);
            }
            if (runs("b4")) {
                results.put(
                        "B4", section(Freshness.run(config, 2_000, Duration.ofSeconds(quick ? 30 : 300), 500, log)));
                save(results);
            }
            if (runs("b5")) {
                log.printf("B5: recovery with state for %,d positions ...%n", quick ? 100_000 : 1_000_000);
                log.flush();
                results.put(
                        "B5",
                        section(Recovery.run(
                                config.streams(), options.home.resolve("b5"), quick ? 2_000 : 20_000, log)));
                save(results);
            }
            if (runs("b3")) {
                // The direct path at 10,000 pairs (it runs at about 30 changes/s), then the bulk path at full size.
                log.printf("B3: hard sync of 10,000 pairs through the direct path ...%n");
                log.flush();
                Map<String, Object> direct =
                        HardSyncThroughput.run(config, new HardSyncThroughput.Spec("B3D", 2_000, 5, 0), log);
                int skus = quick ? 2_000 : 20_000;
                int locations = quick ? 5 : 50;
                log.printf("B3: hard sync of %,d pairs through the bulk path ...%n", (long) skus * locations);
                log.flush();
                HardSyncThroughput.Outcome bulk =
                        HardSyncThroughput.outcome(config, new HardSyncThroughput.Spec("B3B", skus, locations, 1), log);
                Map<String, Object> b3 = new LinkedHashMap<>();
                b3.put("bulk", bulk.figures());
                b3.put("direct", direct);
                results.put("B3", section(b3));
                save(results);
                log.printf("B8: reconciliation of 1,000 drifted keys among the same pairs ...%n");
                log.flush();
                results.put("B8", section(ReconcileBench.run(config, bulk, 1_000, log)));
                save(results);
            }
            if (runs("b7")) {
                int skus = quick ? 2_000 : 20_000;
                log.printf("B7: a morning reset file of %,d rows to Shopify settled ...%n", skus * 50L);
                log.flush();
                results.put("B7", section(ResetBench.run(config, skus, options.home.resolve("b7"), log)));
                save(results);
            }
        } finally {
            stack.down(line -> {});
            exit.close();
        }
    }

    /** The figures with when, where and how they were produced. */
    private Map<String, Object> section(Map<String, Object> figures) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "command",
                "./atp-sync bench" + (quick ? " --quick" : "")
                        + (only.isEmpty() ? "" : " --only " + String.join(",", only))
                        + streamsConfig.entrySet().stream()
                                .map(e -> " --streams-config " + e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining()));
        m.put("date", Instant.now().toString());
        m.put(
                "machine",
                Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version"));
        m.putAll(figures);
        return m;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> previous() throws Exception {
        Path file = out.resolve("results.json");
        if (only.isEmpty() || !Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        Map<String, Object> m = JSON.readValue(file.toFile(), LinkedHashMap.class);
        m.keySet().removeIf(k -> !k.matches("B[0-9]+"));
        return m;
    }

    /** results.json after each benchmark: a long run that fails later keeps the figures it has. */
    private void save(Map<String, Object> results) throws Exception {
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.json"), JSON.writeValueAsString(new java.util.TreeMap<>(results)));
    }

    private void write(Map<String, Object> results, PrintWriter log) throws Exception {
        save(results);
        Map<String, Object> sorted = new java.util.TreeMap<>(results);
        String md = BenchReport.markdown(sorted);
        Files.writeString(out.resolve("results.md"), md);
        log.println(md);
        log.flush();
    }

    static double ratio(Object a, Object b) {
        double y = ((Number) b).doubleValue();
        return y == 0 ? 0 : Math.round(((Number) a).doubleValue() / y * 10) / 10.0;
    }

    /**
     * Waits until the shop's {@code available} at the location equals {@code expected} for every SKU in it fails naming
     * how many are off.
     */
    static void awaitLevels(
            String what, EmulatorAdmin.Shop shop, String location, Map<String, Long> expected, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> actual = new HashMap<>();
        while (System.nanoTime() < deadline) {
            actual.clear();
            for (JsonNode l : shop.get("/levels")) {
                if (l.path("locationId").asText().equals(location)
                        && expected.containsKey(l.path("sku").asText())) {
                    actual.put(l.path("sku").asText(), l.path("available").asLong());
                }
            }
            if (actual.equals(expected)) {
                return;
            }
            Thread.sleep(200);
        }
        long off = expected.entrySet().stream()
                .filter(e -> !e.getValue().equals(actual.get(e.getKey())))
                .count();
        throw new IllegalStateException(what + ": " + off + " of " + expected.size()
                + " SKUs did not reach the expected level within " + timeout.toMinutes() + " min");
    }

    /** The harness's requests to the Streams app: a hung server fails the run instead of holding it for ever. */
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    /** One client for every call to the Streams app (the emulator's calls go through {@link EmulatorAdmin}). */
    private static final HttpClient STREAMS_HTTP = HttpClient.newHttpClient();

    /** GET a Streams app URL: its JSON answer. */
    static JsonNode get(String url) throws Exception {
        return JSON.readTree(STREAMS_HTTP
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(REQUEST_TIMEOUT)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
    }
}
