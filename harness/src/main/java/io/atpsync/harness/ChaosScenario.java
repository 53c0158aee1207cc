package io.atpsync.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.cli.DemoFeed;
import io.atpsync.emulator.EmulatorAdmin;
import io.atpsync.harness.chaos.ChaosSteps;
import io.atpsync.harness.chaos.ChaosWorkload;
import io.atpsync.local.LocalStackConfig;
import io.atpsync.local.Ports;
import io.atpsync.local.StreamsAppProcess;
import io.atpsync.schemas.registry.RegistryClientConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One reliability scenario on the running local stack: its own SKUs, facilities and three Shopify locations; a seeded
 * workload published at a steady rate while the scenario's faults strike; then Shopify's levels are compared, key by
 * key, with the {@link io.atpsync.harness.chaos.ReferenceModel}.
 */
final class ChaosScenario {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SHOP = DemoFeed.SHOP;

    /** The scenarios of the suite. */
    enum Kind {
        R1("Streams app SIGKILLed at random moments, restarted each time"),
        R2("Connect worker SIGKILLed mid-batch, restarted each time"),
        R3("broker process SIGKILLed and restarted mid-run"),
        R4("emulator faults: 20 % 5xx, 2.5 % timeouts, 2.5 % dropped connections, throttling, one token expiry"),
        R5("hard sync during live traffic with Shopify orders in flight"),
        R6("two Streams instances, one stopped and started again mid-run (rebalances)"),
        R7("hard syncs every 30 s under checkout traffic, every webhook 15 s late");

        final String title;

        Kind(String title) {
            this.title = title;
        }
    }

    final LocalStackConfig config;
    final Kind kind;
    final int events;
    final int skus;
    final int eventsPerSecond;
    final int faultCount;
    final long seed;
    final PrintWriter log;
    final EmulatorAdmin admin;
    final EmulatorAdmin.Shop emulator;
    final List<String> faults = new CopyOnWriteArrayList<>();
    final AtomicLong done = new AtomicLong();
    /**
     * Shopify orders go out on a few threads (one HTTP call each would cap the event rate); each completes before its
     * reservation.
     */
    final java.util.concurrent.ExecutorService shoppers = java.util.concurrent.Executors.newFixedThreadPool(4);

    final Map<String, java.util.concurrent.Future<?>> placing = new java.util.concurrent.ConcurrentHashMap<>();
    long total;

    ChaosScenario(
            LocalStackConfig config,
            Kind kind,
            int events,
            int skus,
            int eventsPerSecond,
            int faultCount,
            long seed,
            PrintWriter log) {
        this.config = config;
        this.kind = kind;
        this.events = events;
        this.skus = skus;
        this.eventsPerSecond = eventsPerSecond;
        this.faultCount = faultCount;
        this.seed = seed;
        this.log = log;
        this.admin = new EmulatorAdmin(config.emulator().url(), BenchCommand.REQUEST_TIMEOUT);
        this.emulator = admin.shop(SHOP);
    }

    java.nio.file.Path diagnostics;

    /** Where a failed scenario writes what it knows of its first wrong keys ({@code diagnose-R<n>.txt}). */
    ChaosScenario diagnoseInto(java.nio.file.Path dir) {
        this.diagnostics = dir;
        return this;
    }

    Map<String, Object> run() throws Exception {
        long t0 = System.nanoTime();
        String p = kind.name();
        ChaosSetup setup = new ChaosSetup(this);
        ChaosSteps.Locations locations = new ChaosSteps.Locations(
                setup.location(p + " store 1"), setup.location(p + " store 2"), setup.location(p + " online"));
        ChaosWorkload w = new ChaosWorkload(p, mix(seed, kind.ordinal()), skus, events, locations, true);
        Map<String, String> items = setup.products(w, locations);
        setup.publishConfig(w, locations, items);
        total = w.steps.size();
        say(
                "%s: %,d events (%,d late) and %,d Shopify orders (%,d cancelled) over %d SKUs at %,d events/s; %s",
                p,
                w.eventCount(),
                w.lateEvents(),
                total - w.eventCount() - w.cancels() - w.fulfilments(),
                w.cancels(),
                skus,
                eventsPerSecond,
                kind.title);

        StreamsAppProcess second = kind == Kind.R6 ? secondInstance() : null;
        if (second != null) {
            second.start(Duration.ofMinutes(5));
            fault("second Streams instance started (pid file "
                    + second.process().pidFile().getFileName() + ")");
        }
        AtomicReference<Exception> faultFailure = new AtomicReference<>();
        Thread injector = new Thread(
                () -> {
                    try {
                        new ChaosFaults(this).inject(second, locations, items);
                    } catch (Exception e) {
                        faultFailure.set(e);
                        say("%s: injecting faults failed: %s", kind, e);
                    }
                },
                "chaos-" + p);
        injector.start();
        new ChaosDriver(this).execute(w);
        injector.join();
        if (faultFailure.get() != null) {
            throw new IllegalStateException(
                    p + ": injecting faults failed: " + faultFailure.get().getMessage(), faultFailure.get());
        }
        ensureUp();
        if (second != null) {
            second.stop();
        }
        say("%s: all published after %.0f s; waiting for Shopify to settle ...", p, (System.nanoTime() - t0) / 1e9);

        Map<String, Long> expected = new HashMap<>();
        for (String sku : w.skus) {
            for (String l : locations.all()) {
                expected.put(items.get(sku) + "|" + l, w.model.expectedShopify(l, sku));
            }
        }
        Map<String, Long> actual =
                new ChaosCheck(this).settle(expected, Duration.ofMinutes(events >= 100_000 ? 20 : 8));
        long lost = 0;
        long doubled = 0;
        long wrong = 0;
        long unitsExpected = 0;
        long unitsApplied = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            long a = actual.getOrDefault(e.getKey(), 0L);
            unitsExpected += e.getValue();
            unitsApplied += a;
            if (a != e.getValue()) {
                wrong++;
                lost += Math.max(0, e.getValue() - a);
                doubled += Math.max(0, a - e.getValue());
                if (examples.size() < 5) {
                    examples.add(e.getKey() + " expected " + e.getValue() + " was " + a);
                }
            }
        }
        if (wrong > 0 && diagnostics != null) {
            try {
                new ChaosDiagnosis(this).write(w, items, expected, actual);
            } catch (RuntimeException x) { // diagnostics help; they never decide the result
                say("%s: diagnostics failed: %s", kind, x);
            }
        }
        long dlq = new ChaosCheck(this).deadLettered(p + "-");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scenario", p);
        r.put("title", kind.title);
        r.put("events", w.eventCount());
        r.put("shopifyOrders", total - w.eventCount() - w.cancels() - w.fulfilments());
        r.put("duplicatesSent", w.model.duplicates());
        r.put("lateEvents", w.lateEvents());
        r.put("shopifyCancels", w.cancels());
        r.put("faultsInjected", List.copyOf(faults));
        r.put("keys", expected.size());
        r.put("unitsExpected", unitsExpected);
        r.put("unitsApplied", unitsApplied);
        r.put("lost", lost);
        r.put("doubled", doubled);
        r.put("keysWrong", wrong);
        r.put("examples", examples);
        r.put("badEventsSent", w.invalidEvents());
        r.put("deadLettered", dlq);
        r.put("seconds", Math.round((System.nanoTime() - t0) / 1e9));
        r.put("passed", lost == 0 && doubled == 0 && dlq == w.invalidEvents());
        say(
                "%s: %s — lost %d, doubled %d, keys wrong %d of %d, dead-lettered %d of %d bad events%s",
                p,
                Boolean.TRUE.equals(r.get("passed")) ? "PASSED" : "FAILED",
                lost,
                doubled,
                wrong,
                expected.size(),
                dlq,
                w.invalidEvents(),
                examples.isEmpty() ? "" : "; e.g. " + examples);
        return r;
    }

    Map<String, Object> client() {
        return Map.of(
                "bootstrap.servers",
                config.broker().bootstrapServers(),
                RegistryClientConfig.URL,
                config.registry().url());
    }

    double progress() {
        return total == 0 ? 1 : (double) done.get() / total;
    }

    void awaitProgress(double fraction) throws InterruptedException {
        while (progress() < fraction) {
            Thread.sleep(20);
        }
    }

    long placedOrders() {
        return placedOrders.get();
    }

    final AtomicLong placedOrders = new AtomicLong();

    /** Seeds of neighbouring scenarios far apart (java.util.Random's first draws from close seeds are close). */
    static long mix(long seed, int n) {
        long z = seed + n * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    StreamsAppProcess secondInstance() {
        StreamsAppProcess first = config.streams();
        Map<String, String> extra = new HashMap<>(first.extraConfig());
        extra.put("main.consumer.group.instance.id", "atp-sync-chaos-2");
        return new StreamsAppProcess(
                first.mainClass(),
                first.classpath(),
                first.bootstrapServers(),
                first.registryUrl(),
                Ports.free(),
                first.home().resolveSibling("streams-2"),
                Map.copyOf(extra));
    }

    /** Whatever a fault left down is started again before the check. */
    void ensureUp() {
        if (!config.broker().running()) {
            config.broker().start(Duration.ofMinutes(3));
        }
        if (!config.streams().running()) {
            config.streams().start(Duration.ofMinutes(5));
        }
        if (!config.connect().running()) {
            config.connect().start(Duration.ofMinutes(3));
        }
    }

    void fault(String what) {
        faults.add(what);
        say("%s: %s", kind, what);
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    void say(String format, Object... args) {
        synchronized (log) {
            log.printf("%tT " + format + "%n", prepend(java.time.LocalTime.now(), args));
            log.flush();
        }
    }
}
