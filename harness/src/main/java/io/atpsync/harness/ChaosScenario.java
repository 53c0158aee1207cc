package io.atpsync.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.cli.DemoFeed;
import io.atpsync.cli.OneTransaction;
import io.atpsync.emulator.EmulatorAdmin;
import io.atpsync.harness.chaos.ChaosWorkload;
import io.atpsync.local.LocalStackConfig;
import io.atpsync.local.Ports;
import io.atpsync.local.StreamsAppProcess;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.Facility;
import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.ProductFacility;
import io.atpsync.schemas.ProductThreshold;
import io.atpsync.schemas.Topic;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One reliability scenario on the running local stack: its own SKUs, facilities and three Shopify locations; a seeded
 * workload published at a steady rate while the scenario's faults strike; then Shopify's levels are compared, key by
 * key, with the {@link io.atpsync.harness.chaos.ReferenceModel}.
 */
final class ChaosScenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHOP = DemoFeed.SHOP;

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

    private final LocalStackConfig config;
    private final Kind kind;
    private final int events;
    private final int skus;
    private final int eventsPerSecond;
    private final int faultCount;
    private final long seed;
    private final PrintWriter log;
    private final EmulatorAdmin admin;
    private final EmulatorAdmin.Shop emulator;
    private final List<String> faults = new CopyOnWriteArrayList<>();
    private final AtomicLong done = new AtomicLong();
    /**
     * Shopify orders go out on a few threads (one HTTP call each would cap the event rate); each completes before its
     * reservation.
     */
    private final java.util.concurrent.ExecutorService shoppers = java.util.concurrent.Executors.newFixedThreadPool(4);

    private final Map<String, java.util.concurrent.Future<?>> placing = new java.util.concurrent.ConcurrentHashMap<>();
    private long total;

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

    private java.nio.file.Path diagnostics;

    /** Where a failed scenario writes what it knows of its first wrong keys ({@code diagnose-R<n>.txt}). */
    ChaosScenario diagnoseInto(java.nio.file.Path dir) {
        this.diagnostics = dir;
        return this;
    }

    Map<String, Object> run() throws Exception {
        long t0 = System.nanoTime();
        String p = kind.name();
        ChaosWorkload.Locations locations = new ChaosWorkload.Locations(
                location(p + " store 1"), location(p + " store 2"), location(p + " online"));
        ChaosWorkload w = new ChaosWorkload(p, mix(seed, kind.ordinal()), skus, events, locations, true);
        Map<String, String> items = products(w, locations);
        publishConfig(w, locations, items);
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
                        inject(second, locations, items);
                    } catch (Exception e) {
                        faultFailure.set(e);
                        say("%s: injecting faults failed: %s", kind, e);
                    }
                },
                "chaos-" + p);
        injector.start();
        execute(w);
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
        Map<String, Long> actual = settle(expected, Duration.ofMinutes(events >= 100_000 ? 20 : 8));
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
                diagnose(w, items, expected, actual);
            } catch (RuntimeException x) { // diagnostics help; they never decide the result
                say("%s: diagnostics failed: %s", kind, x);
            }
        }
        long dlq = deadLettered(p + "-");
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

    // ---- set-up ------------------------------------------------------------------------------------

    private String location(String name) throws Exception {
        return emulator.post("/locations", Map.of("name", name)).path("id").asText();
    }

    private Map<String, String> products(ChaosWorkload w, ChaosWorkload.Locations l) throws Exception {
        Map<String, Object> stock = new LinkedHashMap<>();
        for (String name : List.of(" store 1", " store 2", " online")) {
            stock.put(kind.name() + name, 0);
        }
        Map<String, String> items = new HashMap<>();
        for (int from = 0; from < w.skus.size(); from += 100) {
            for (JsonNode v : emulator.post(
                    "/products",
                    Map.of(
                            "title",
                            kind.name() + " product " + from,
                            "skus",
                            w.skus.subList(from, Math.min(w.skus.size(), from + 100)),
                            "stock",
                            stock))) {
                items.put(v.path("sku").asText(), v.path("inventoryItemId").asText());
            }
        }
        return items;
    }

    private void publishConfig(ChaosWorkload w, ChaosWorkload.Locations l, Map<String, String> items) throws Exception {
        Topics t = Topics.DEFAULT;
        OneTransaction.publish(client(), s -> {
            s.send(t.facilities(), new Facility(w.f1, "store 1", "STORE", true));
            s.send(t.facilities(), new Facility(w.f2, "store 2", "STORE", true));
            s.send(t.facilities(), new Facility(w.warehouse, "warehouse", "WAREHOUSE", true));
            s.send(t.facilities(), new Facility(w.offline, "back room (not online)", "STORE", false));
            s.send(t.facilities(), new Facility(w.queue, "order queue", "QUEUE", false));
            w.productSettings.forEach(ps -> s.send(
                    t.productFacility(),
                    new ProductFacility(ps.sku(), ps.facility(), ps.safetyStock(), ps.allowOnline())));
            w.thresholds.forEach(
                    th -> s.send(t.thresholds(), new ProductThreshold(th.sku(), th.location(), th.threshold())));
            s.send(t.locationMappings(), new LocationMapping(l.store1(), SHOP, List.of(w.f1), null));
            s.send(t.locationMappings(), new LocationMapping(l.store2(), SHOP, List.of(w.f2), null));
            s.send(
                    t.locationMappings(),
                    new LocationMapping(l.online(), SHOP, List.of(w.warehouse, w.f1, w.f2, w.offline), w.queue));
            items.forEach((sku, item) -> s.send(t.catalog(), new CatalogItem(SHOP, sku, item, null, null)));
            return 0;
        });
        Thread.sleep(3_000); // config reaches every task before the events
    }

    private Map<String, Object> client() {
        return Map.of(
                "bootstrap.servers",
                config.broker().bootstrapServers(),
                RegistryClientConfig.URL,
                config.registry().url());
    }

    // ---- the workload ------------------------------------------------------------------------------

    /** Publishes the steps at a steady rate; Shopify orders go to the emulator between them, in order. */
    private void execute(ChaosWorkload w) throws Exception {
        Map<String, Object> c = new HashMap<>(client());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        c.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000"); // rides out a broker restart
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "600000");
        Topic<InventoryEvent> topic = Topics.DEFAULT.inventoryEvents();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        long nextReport = t0 + Duration.ofSeconds(20).toNanos();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer())) {
            @SuppressWarnings("unchecked")
            Serializer<SpecificRecord> serializer = (Serializer<SpecificRecord>)
                    (Serializer<?>) topic.valueSerde(c).serializer();
            int i = 0;
            while (i < w.steps.size()) {
                long due = Math.min(w.steps.size(), (System.nanoTime() - t0) * eventsPerSecond / 1_000_000_000L + 1);
                for (; i < due; i++) {
                    ChaosWorkload.Step step = w.steps.get(i);
                    if (step instanceof ChaosWorkload.Publish pub) {
                        InventoryEvent e = pub.event();
                        awaitPlaced(e.getOrderId()); // Shopify took the order before the OMS reserves it
                        producer.send(
                                new ProducerRecord<>(
                                        topic.name(), topic.keyOf(e), serializer.serialize(topic.name(), e)),
                                (m, x) -> {
                                    if (x != null) {
                                        failure.compareAndSet(null, x);
                                    }
                                });
                    } else if (step instanceof ChaosWorkload.Fulfil x) {
                        awaitPlaced(x.orderId());
                        emulator.post("/orders/" + x.orderId() + "/fulfill", Map.of());
                    } else if (step instanceof ChaosWorkload.Cancel x) {
                        awaitPlaced(x.orderId());
                        EmulatorAdmin.Reply r = emulator.call(
                                "POST", "/orders/" + x.orderId() + "/cancel", Map.of("restock", x.restock()));
                        if (!r.ok()
                                && !r.body().toString().contains("already cancelled")) { // a resend after a lost answer
                            throw new IllegalStateException(
                                    "the emulator refused to cancel order " + x.orderId() + ": " + r.body());
                        }
                    } else if (step instanceof ChaosWorkload.Order o) {
                        placing.put(o.orderId(), shoppers.submit(() -> {
                            order(o);
                            return null;
                        }));
                    }
                    done.incrementAndGet();
                }
                if (failure.get() != null) {
                    throw new IllegalStateException(
                            kind + ": publishing failed: " + failure.get().getMessage(), failure.get());
                }
                if (System.nanoTime() > nextReport) {
                    say("%s: %,d of %,d steps done", kind, i, w.steps.size());
                    nextReport += Duration.ofSeconds(20).toNanos();
                }
                Thread.sleep(10);
            }
            for (java.util.concurrent.Future<?> order : placing.values()) {
                order.get(2, java.util.concurrent.TimeUnit.MINUTES);
            }
            producer.flush();
        } finally {
            shoppers.shutdown();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    kind + ": publishing failed: " + failure.get().getMessage(), failure.get());
        }
    }

    /** Waits until the shopper's order {@code orderId} (if one is still being placed) is in the emulator. */
    private void awaitPlaced(String orderId) throws Exception {
        java.util.concurrent.Future<?> order = orderId == null ? null : placing.remove(orderId);
        if (order != null) {
            order.get(2, java.util.concurrent.TimeUnit.MINUTES);
        }
    }

    private void order(ChaosWorkload.Order o) throws Exception {
        Map<String, Object> body = Map.of(
                "orderId",
                o.orderId(),
                "lines",
                List.of(Map.of("sku", o.sku(), "locationId", o.location(), "quantity", o.units())));
        for (int attempt = 1; ; attempt++) {
            EmulatorAdmin.Reply r = emulator.call("POST", "/orders", body);
            // the workload's order ids are unique: "exists" is a resend finding the order its lost first try placed
            if (r.ok() || r.body().toString().contains("order " + o.orderId() + " exists")) {
                placedOrders.incrementAndGet();
                return;
            }
            if (attempt == 3) {
                throw new IllegalStateException(
                        "the emulator refused order " + o.orderId() + ": HTTP " + r.status() + " " + r.body());
            }
        }
    }

    private double progress() {
        return total == 0 ? 1 : (double) done.get() / total;
    }

    private void awaitProgress(double fraction) throws InterruptedException {
        while (progress() < fraction) {
            Thread.sleep(20);
        }
    }

    // ---- faults ------------------------------------------------------------------------------------

    private void inject(StreamsAppProcess second, ChaosWorkload.Locations locations, Map<String, String> items)
            throws Exception {
        Random random = new Random(mix(seed, 100 + kind.ordinal()));
        List<Double> moments = new ArrayList<>();
        for (int i = 0; i < faultCount; i++) {
            moments.add(0.1 + 0.8 * random.nextDouble());
        }
        moments.sort(null);
        switch (kind) {
            case R1 -> {
                StreamsAppProcess streams = config.streams();
                for (double at : moments) {
                    awaitProgress(at);
                    double now = progress();
                    streams.process().kill();
                    long t = System.nanoTime();
                    streams.start(Duration.ofMinutes(5));
                    fault(String.format(
                            "SIGKILL Streams app at %.0f %% of the run; restarted, HTTP up in %.1f s",
                            now * 100, (System.nanoTime() - t) / 1e9));
                }
            }
            case R2 -> {
                for (double at : moments) {
                    awaitProgress(at);
                    long requests = awaitShopifyRequest();
                    double now = progress();
                    config.connect().process().kill();
                    long t = System.nanoTime();
                    config.connect().start(Duration.ofMinutes(3));
                    fault(String.format(
                            "SIGKILL Connect worker at %.0f %% of the run, right "
                                    + "after Shopify request %d began; restarted in %.1f s",
                            now * 100, requests, (System.nanoTime() - t) / 1e9));
                }
            }
            case R3 -> {
                for (double at : moments) {
                    awaitProgress(at);
                    double now = progress();
                    config.broker().process().kill();
                    long t = System.nanoTime();
                    config.broker().start(Duration.ofMinutes(3));
                    fault(String.format(
                            "SIGKILL broker at %.0f %% of the run; restarted in %.1f s",
                            now * 100, (System.nanoTime() - t) / 1e9));
                }
            }
            case R4 -> {
                emulator.put(
                        "/faults",
                        Map.of(
                                "errorRate",
                                0.2,
                                "timeoutRate",
                                0.025,
                                "dropRate",
                                0.025,
                                "timeoutDelayMillis",
                                12_000,
                                "seed",
                                seed));
                fault("emulator: 20 % 5xx, 2.5 % timeouts (12 s, past the "
                        + "sink's 10 s request timeout), 2.5 % dropped mid-response");
                boolean expired = false;
                int throttles = 0;
                while (progress() < 1) {
                    Thread.sleep(7_000);
                    emulator.put("/bucket", Map.of("currentlyAvailable", 0));
                    throttles++;
                    if (!expired && progress() >= 0.5) {
                        emulator.post("/expire-tokens", Map.of());
                        fault(String.format("every access token expired at %.0f %% of the run", progress() * 100));
                        expired = true;
                    }
                }
                fault("cost bucket emptied " + throttles + " times (every 7 s: THROTTLED until it refills)");
                Thread.sleep(20_000); // the faults stay on while the last batches drain
                emulator.put("/faults", Map.of("errorRate", 0, "timeoutRate", 0, "dropRate", 0));
                fault("emulator faults off 20 s after the last event");
            }
            case R5 -> {
                // A shop taking checkouts at this rate is on Plus (1,000 points/s): the hard sync reads its open
                // orders.
                emulator.put("/plan", Map.of("plan", "PLUS"));
                awaitProgress(0.5);
                long drifted = drift(locations, items, random);
                // No waiting for webhooks and no pause in checkouts: the sink reads Shopify's open fulfillment orders.
                long ordersBefore = placedOrders();
                String id = hardSync("chaos R5", locations);
                long t = System.nanoTime();
                long targets = awaitCutOver(id);
                awaitSinkCaughtUp();
                emulator.put("/plan", Map.of("plan", "STANDARD"));
                fault(String.format(
                        "%d of Shopify's levels changed behind ATP Sync's "
                                + "back (+7), then a hard sync of the 3 locations at "
                                + "50 %% of the run (shop on Plus) while events and checkouts kept "
                                + "flowing: %d targets cut and written in %.0f s, %d Shopify orders "
                                + "placed meanwhile",
                        drifted, targets, (System.nanoTime() - t) / 1e9, placedOrders() - ordersBefore));
            }
            case R7 -> {
                // A shop with checkouts at this rate is on Plus (1,000 points/s): each hard sync reads every location's
                // orders.
                emulator.put("/plan", Map.of("plan", "PLUS"));
                admin.put("/webhooks", Map.of("delayMillis", 15_000));
                fault("every webhook delivered 15 s after its change (orders "
                        + "reach ATP Sync late; Shopify has them at once)");
                awaitProgress(0.1);
                int syncs = 0;
                long ordersBefore = placedOrders();
                // The quick run lasts about 20 s: a sync every 5 s there, so it still makes several.
                long every = faultCount > 1 ? 30_000 : 5_000;
                while (progress() < 0.9) {
                    long t = System.nanoTime();
                    awaitCutOver(hardSync("chaos R7 #" + (++syncs), locations));
                    long left = every - (System.nanoTime() - t) / 1_000_000;
                    if (left > 0) {
                        Thread.sleep(left);
                    }
                }
                awaitSinkCaughtUp();
                admin.put("/webhooks", Map.of("delayMillis", 0));
                emulator.put("/plan", Map.of("plan", "STANDARD"));
                fault(String.format(
                        "%d hard syncs of the 3 locations, one every %d s "
                                + "from 10 %% to 90 %% of the run (shop on Plus), with "
                                + "%d Shopify orders placed during them; webhooks on time again after the last",
                        syncs, every / 1000, placedOrders() - ordersBefore));
            }
            case R6 -> {
                awaitProgress(0.4);
                second.stop();
                fault("second Streams instance stopped at 40 % of the run (rebalance: its tasks move to the first)");
                awaitProgress(0.6);
                second.start(Duration.ofMinutes(5));
                fault("second Streams instance started again at 60 % of the run (rebalance: tasks move back)");
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /** Publishes a hard sync of the scenario's locations to every partition of atp.control; returns its id. */
    private String hardSync(String by, ChaosWorkload.Locations locations) throws Exception {
        String id = "chaos-" + UUID.randomUUID();
        OneTransaction.publish(client(), s -> {
            HardSyncRequest r = new HardSyncRequest(id, SHOP, locations.all(), List.of(), Instant.now(), by);
            int partitions = s.partitions(Topics.DEFAULT.control());
            for (int p = 0; p < partitions; p++) {
                s.send(Topics.DEFAULT.control(), p, r);
            }
            return partitions;
        });
        say("%s: hard sync %s (%s) requested at step %d of %d", kind, id, by, done.get(), total);
        return id;
    }

    /** Waits until the sink has applied everything on atp.adjustments so far (the hard sync's SETs among it). */
    private void awaitSinkCaughtUp() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", config.broker().bootstrapServers()))) {
            StreamsThroughput.awaitConsumed(
                    admin, "connect-shopify-sink", Topics.DEFAULT.adjustments().name(), 1, Duration.ofMinutes(10));
        }
    }

    private long placedOrders() {
        return placedOrders.get();
    }

    private final AtomicLong placedOrders = new AtomicLong();

    /** Seeds of neighbouring scenarios far apart (java.util.Random's first draws from close seeds are close). */
    private static long mix(long seed, int n) {
        long z = seed + n * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Waits for the emulator to start serving a Shopify request (a batch is in flight); returns the request count. */
    private long awaitShopifyRequest() throws Exception {
        long before = emulator.get("").path("stats").path("requests").asLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            long now = emulator.get("").path("stats").path("requests").asLong();
            if (now != before) {
                return now;
            }
            Thread.sleep(5);
        }
        return before;
    }

    /** Someone edits Shopify by hand: a tenth of the scenario's levels gain 7 units the hard sync must take back. */
    private long drift(ChaosWorkload.Locations locations, Map<String, String> items, Random random) throws Exception {
        java.util.Set<String> ours = new java.util.HashSet<>(items.values());
        List<Map<String, Object>> changed = new ArrayList<>();
        for (JsonNode l : emulator.get("/levels")) {
            if (ours.contains(l.path("inventoryItemId").asText())
                    && locations.all().contains(l.path("locationId").asText())
                    && random.nextInt(10) == 0) {
                changed.add(Map.of(
                        "inventoryItemId",
                        l.path("inventoryItemId").asText(),
                        "locationId",
                        l.path("locationId").asText(),
                        "available",
                        l.path("available").asLong() + 7));
            }
        }
        emulator.put("/levels", Map.of("levels", changed));
        return changed.size();
    }

    /** Waits until every partition of the Streams app has cut the hard sync over; returns the targets sent. */
    private long awaitCutOver(String requestId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = BenchCommand.get(config.streams().url() + "/hard-sync/" + requestId);
            JsonNode parts = r.isArray() ? r : r.path("partitions");
            if (parts.size() >= config.partitions()) {
                long targets = 0;
                for (JsonNode p : parts) {
                    targets += p.path("targets").asLong();
                }
                return targets;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(
                "the hard sync " + requestId + " was not cut over by every partition within 5 min");
    }

    private StreamsAppProcess secondInstance() {
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
    private void ensureUp() {
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

    // ---- the check ---------------------------------------------------------------------------------

    /**
     * Shopify's levels for the expected keys once they match and stay matched for 15 s (three flush windows), or as
     * they are when the time is up.
     */
    private Map<String, Long> settle(Map<String, Long> expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> actual = levels(expected);
        long matchedSince = -1;
        long nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            actual = levels(expected);
            if (actual.equals(expected)) {
                if (matchedSince < 0) {
                    matchedSince = System.nanoTime();
                } else if (System.nanoTime() - matchedSince
                        > Duration.ofSeconds(15).toNanos()) {
                    return actual;
                }
            } else {
                matchedSince = -1;
            }
            if (System.nanoTime() > nextReport) {
                Map<String, Long> a = actual;
                long off = expected.entrySet().stream()
                        .filter(e -> !e.getValue().equals(a.get(e.getKey())))
                        .count();
                say("%s: %d of %d keys not at the reference yet", kind, off, expected.size());
                nextReport += Duration.ofSeconds(30).toNanos();
            }
            Thread.sleep(1_000);
        }
        return actual;
    }

    private Map<String, Long> levels(Map<String, Long> expected) throws Exception {
        Map<String, Long> actual = new HashMap<>();
        for (JsonNode l : emulator.get("/levels")) {
            String key = l.path("inventoryItemId").asText() + "|"
                    + l.path("locationId").asText();
            if (expected.containsKey(key)) {
                actual.put(key, l.path("available").asLong());
            }
        }
        return actual;
    }

    /** Records on the events DLQ whose key (the SKU) belongs to this scenario. */
    private long deadLettered(String skuPrefix) {
        String dlq = Topics.DEFAULT.dlq(Topics.DEFAULT.inventoryEvents());
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.broker().bootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long n = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(dlq).stream()
                    .map(p -> new TopicPartition(dlq, p.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null && r.key().startsWith(skuPrefix)) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private void fault(String what) {
        faults.add(what);
        say("%s: %s", kind, what);
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /**
     * For the first wrong keys: the workload's steps for the SKU (index, kind, what), Streams' history of the key, the
     * emulator's adjustments of the item at the location and its orders, so a failure can be read after the stack is
     * gone.
     */
    private void diagnose(
            ChaosWorkload w, Map<String, String> items, Map<String, Long> expected, Map<String, Long> actual) {
        StringBuilder out = new StringBuilder();
        Map<String, String> skuOf = new HashMap<>();
        items.forEach((sku, item) -> skuOf.put(item, sku));
        JsonNode adjustments; // the whole history, read once for every key shown
        try {
            adjustments = emulator.get("/adjustments");
        } catch (Exception x) {
            adjustments = null;
            out.append("emulator adjustments not readable: ").append(x).append('\n');
        }
        int shown = 0;
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(expected).entrySet()) {
            long a = actual.getOrDefault(e.getKey(), 0L);
            if (a == e.getValue() || shown++ >= 3) {
                continue;
            }
            String item = e.getKey().substring(0, e.getKey().indexOf('|'));
            String location = e.getKey().substring(e.getKey().indexOf('|') + 1);
            String sku = skuOf.get(item);
            out.append("== ")
                    .append(sku)
                    .append(" at ")
                    .append(location)
                    .append(": expected ")
                    .append(e.getValue())
                    .append(", Shopify ")
                    .append(a)
                    .append('\n')
                    .append("faults: ")
                    .append(faults)
                    .append('\n');
            java.util.Set<String> orders = new java.util.TreeSet<>();
            for (int i = 0; i < w.steps.size(); i++) {
                ChaosWorkload.Step s = w.steps.get(i);
                String line = null;
                if (s instanceof ChaosWorkload.Publish pub
                        && pub.event().getSku().equals(sku)) {
                    InventoryEvent ev = pub.event();
                    if (ev.getOrderId() != null) {
                        orders.add(ev.getOrderId());
                    }
                    line = ev.getType() + " " + ev.getFacilityId() + " qoh " + ev.getQohDiff() + " atp "
                            + ev.getAtpDiff()
                            + " setQoh " + ev.getSetQoh() + " setAtp " + ev.getSetAtp() + " at " + ev.getOccurredAt()
                            + " order " + ev.getOrderId() + " channel " + ev.getOrderChannel() + " id "
                            + ev.getEventId();
                } else if (s instanceof ChaosWorkload.Order o && o.sku().equals(sku)) {
                    orders.add(o.orderId());
                    line = "SHOPIFY ORDER " + o.orderId() + " at " + o.location() + " units " + o.units();
                } else if (s instanceof ChaosWorkload.Cancel c && c.sku().equals(sku)) {
                    line = "SHOPIFY CANCEL " + c.orderId() + " restock " + c.restock();
                } else if (s instanceof ChaosWorkload.Fulfil f && orders.contains(f.orderId())) {
                    line = "SHOPIFY FULFIL " + f.orderId();
                }
                if (line != null) {
                    out.append(String.format("step %6d (%.3f) %s%n", i, i / (double) w.steps.size(), line));
                }
            }
            out.append("streams history: ")
                    .append(quietly(() -> BenchCommand.get(config.streams().url() + "/history/"
                                    + java.net.URLEncoder.encode(sku, java.nio.charset.StandardCharsets.UTF_8)
                                    + "?location="
                                    + java.net.URLEncoder.encode(location, java.nio.charset.StandardCharsets.UTF_8))
                            .toString()))
                    .append('\n');
            out.append("the sink's hard-sync computations for the key (connect log):\n");
            java.nio.file.Path connectLog =
                    config.home().resolve("connect").resolve("logs").resolve("connect.log");
            try (var lines = java.nio.file.Files.lines(connectLog, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                String needle = " at " + location + ": " + sku + " available ";
                lines.filter(x -> x.contains(needle))
                        .forEach(x -> out.append("  ").append(x).append('\n'));
            } catch (java.io.IOException | java.io.UncheckedIOException x) {
                out.append("  not readable: ").append(x).append('\n');
            }
            out.append("emulator adjustments of the item:\n");
            for (JsonNode adj : adjustments == null ? List.<JsonNode>of() : adjustments) {
                for (JsonNode ch : adj.path("changes")) {
                    if (ch.path("itemId").asText().equals(item)
                            && ch.path("locationId").asText().equals(location)) {
                        out.append("  ")
                                .append(adj.path("createdAt").asText())
                                .append(' ')
                                .append(adj.path("mutation").asText())
                                .append(' ')
                                .append(adj.path("reason").asText())
                                .append(' ')
                                .append(adj.path("reference").asText())
                                .append(' ')
                                .append(ch)
                                .append('\n');
                    }
                }
            }
            for (String order : orders) {
                out.append("order ")
                        .append(order)
                        .append(": ")
                        .append(quietly(() -> emulator.get("/orders/" + order).toString()))
                        .append('\n');
            }
        }
        try {
            java.nio.file.Files.createDirectories(diagnostics);
            java.nio.file.Files.writeString(diagnostics.resolve("diagnose-" + kind.name() + ".txt"), out.toString());
            say(
                    "%s: what is known of the wrong keys is in %s",
                    kind, diagnostics.resolve("diagnose-" + kind.name() + ".txt"));
        } catch (java.io.IOException x) {
            say("%s: could not write diagnostics: %s", kind, x);
        }
    }

    private interface Read {
        String get() throws Exception;
    }

    private static String quietly(Read r) {
        try {
            return r.get();
        } catch (Exception e) {
            return "(not readable: " + e + ")";
        }
    }

    private void say(String format, Object... args) {
        synchronized (log) {
            log.printf("%tT " + format + "%n", prepend(java.time.LocalTime.now(), args));
            log.flush();
        }
    }
}
