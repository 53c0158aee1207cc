package io.atpsync.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.cli.OneTransaction;
import io.atpsync.harness.chaos.ChaosSteps;
import io.atpsync.local.StreamsAppProcess;
import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** The faults of a chaos scenario ({@link ChaosScenario.Kind}), injected while its workload runs. */
final class ChaosFaults {

    private final ChaosScenario s;

    ChaosFaults(ChaosScenario s) {
        this.s = s;
    }

    // ---- faults ------------------------------------------------------------------------------------

    void inject(StreamsAppProcess second, ChaosSteps.Locations locations, Map<String, String> items) throws Exception {
        Random random = new Random(ChaosScenario.mix(s.seed, 100 + s.kind.ordinal()));
        List<Double> moments = new ArrayList<>();
        for (int i = 0; i < s.faultCount; i++) {
            moments.add(0.1 + 0.8 * random.nextDouble());
        }
        moments.sort(null);
        switch (s.kind) {
            case R1 -> {
                StreamsAppProcess streams = s.config.streams();
                for (double at : moments) {
                    s.awaitProgress(at);
                    double now = s.progress();
                    streams.process().kill();
                    long t = System.nanoTime();
                    streams.start(Duration.ofMinutes(5));
                    s.fault(String.format(
                            "SIGKILL Streams app at %.0f %% of the run; restarted, HTTP up in %.1f s",
                            now * 100, (System.nanoTime() - t) / 1e9));
                }
            }
            case R2 -> {
                for (double at : moments) {
                    s.awaitProgress(at);
                    long requests = awaitShopifyRequest();
                    double now = s.progress();
                    s.config.connect().process().kill();
                    long t = System.nanoTime();
                    s.config.connect().start(Duration.ofMinutes(3));
                    s.fault(String.format(
                            "SIGKILL Connect worker at %.0f %% of the run, right "
                                    + "after Shopify request %d began; restarted in %.1f s",
                            now * 100, requests, (System.nanoTime() - t) / 1e9));
                }
            }
            case R3 -> {
                for (double at : moments) {
                    s.awaitProgress(at);
                    double now = s.progress();
                    s.config.broker().process().kill();
                    long t = System.nanoTime();
                    s.config.broker().start(Duration.ofMinutes(3));
                    s.fault(String.format(
                            "SIGKILL broker at %.0f %% of the run; restarted in %.1f s",
                            now * 100, (System.nanoTime() - t) / 1e9));
                }
            }
            case R4 -> {
                s.emulator.put(
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
                                s.seed));
                s.fault("emulator: 20 % 5xx, 2.5 % timeouts (12 s, past the "
                        + "sink's 10 s request timeout), 2.5 % dropped mid-response");
                boolean expired = false;
                int throttles = 0;
                while (s.progress() < 1) {
                    Thread.sleep(7_000);
                    s.emulator.put("/bucket", Map.of("currentlyAvailable", 0));
                    throttles++;
                    if (!expired && s.progress() >= 0.5) {
                        s.emulator.post("/expire-tokens", Map.of());
                        s.fault(String.format("every access token expired at %.0f %% of the run", s.progress() * 100));
                        expired = true;
                    }
                }
                s.fault("cost bucket emptied " + throttles + " times (every 7 s: THROTTLED until it refills)");
                Thread.sleep(20_000); // the faults stay on while the last batches drain
                s.emulator.put("/faults", Map.of("errorRate", 0, "timeoutRate", 0, "dropRate", 0));
                s.fault("emulator faults off 20 s after the last event");
            }
            case R5 -> {
                // A shop taking checkouts at this rate is on Plus (1,000 points/s): the hard sync reads its open
                // orders.
                s.emulator.put("/plan", Map.of("plan", "PLUS"));
                s.awaitProgress(0.5);
                long drifted = drift(locations, items, random);
                // No waiting for webhooks and no pause in checkouts: the sink reads Shopify's open fulfillment orders.
                long ordersBefore = s.placedOrders();
                String id = hardSync("chaos R5", locations);
                long t = System.nanoTime();
                long targets = awaitCutOver(id);
                awaitSinkCaughtUp();
                s.emulator.put("/plan", Map.of("plan", "STANDARD"));
                s.fault(String.format(
                        "%d of Shopify's levels changed behind ATP Sync's "
                                + "back (+7), then a hard sync of the 3 locations at "
                                + "50 %% of the run (shop on Plus) while events and checkouts kept "
                                + "flowing: %d targets cut and written in %.0f s, %d Shopify orders "
                                + "placed meanwhile",
                        drifted, targets, (System.nanoTime() - t) / 1e9, s.placedOrders() - ordersBefore));
            }
            case R7 -> {
                // A shop with checkouts at this rate is on Plus (1,000 points/s): each hard sync reads every location's
                // orders.
                s.emulator.put("/plan", Map.of("plan", "PLUS"));
                s.admin.put("/webhooks", Map.of("delayMillis", 15_000));
                s.fault("every webhook delivered 15 s after its change (orders "
                        + "reach ATP Sync late; Shopify has them at once)");
                s.awaitProgress(0.1);
                int syncs = 0;
                long ordersBefore = s.placedOrders();
                // The quick run lasts about 20 s: a sync every 5 s there, so it still makes several.
                long every = s.faultCount > 1 ? 30_000 : 5_000;
                while (s.progress() < 0.9) {
                    long t = System.nanoTime();
                    awaitCutOver(hardSync("chaos R7 #" + (++syncs), locations));
                    long left = every - (System.nanoTime() - t) / 1_000_000;
                    if (left > 0) {
                        Thread.sleep(left);
                    }
                }
                awaitSinkCaughtUp();
                s.admin.put("/webhooks", Map.of("delayMillis", 0));
                s.emulator.put("/plan", Map.of("plan", "STANDARD"));
                s.fault(String.format(
                        "%d hard syncs of the 3 locations, one every %d s "
                                + "from 10 %% to 90 %% of the run (shop on Plus), with "
                                + "%d Shopify orders placed during them; webhooks on time again after the last",
                        syncs, every / 1000, s.placedOrders() - ordersBefore));
            }
            case R6 -> {
                s.awaitProgress(0.4);
                second.stop();
                s.fault("second Streams instance stopped at 40 % of the run (rebalance: its tasks move to the first)");
                s.awaitProgress(0.6);
                second.start(Duration.ofMinutes(5));
                s.fault("second Streams instance started again at 60 % of the run (rebalance: tasks move back)");
            }
            default -> throw new IllegalStateException(s.kind.name());
        }
    }

    /** Publishes a hard sync of the scenario's locations to every partition of atp.control; returns its id. */
    private String hardSync(String by, ChaosSteps.Locations locations) throws Exception {
        String id = "chaos-" + UUID.randomUUID();
        OneTransaction.publish(s.client(), sender -> {
            HardSyncRequest r =
                    new HardSyncRequest(id, ChaosScenario.SHOP, locations.all(), List.of(), Instant.now(), by);
            int partitions = sender.partitions(Topics.DEFAULT.control());
            for (int p = 0; p < partitions; p++) {
                sender.send(Topics.DEFAULT.control(), p, r);
            }
            return partitions;
        });
        s.say("%s: hard sync %s (%s) requested at step %d of %d", s.kind, id, by, s.done.get(), s.total);
        return id;
    }

    /** Waits until the sink has applied everything on atp.adjustments so far (the hard sync's SETs among it). */
    private void awaitSinkCaughtUp() throws Exception {
        try (org.apache.kafka.clients.admin.Admin kafka = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", s.config.broker().bootstrapServers()))) {
            ConsumerGroups.awaitConsumed(
                    kafka, "connect-shopify-sink", Topics.DEFAULT.adjustments().name(), 1, Duration.ofMinutes(10));
        }
    }

    /** Waits for the emulator to start serving a Shopify request (a batch is in flight); returns the request count. */
    private long awaitShopifyRequest() throws Exception {
        long before = s.emulator.get("").path("stats").path("requests").asLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            long now = s.emulator.get("").path("stats").path("requests").asLong();
            if (now != before) {
                return now;
            }
            Thread.sleep(5);
        }
        return before;
    }

    /** Someone edits Shopify by hand: a tenth of the scenario's levels gain 7 units the hard sync must take back. */
    private long drift(ChaosSteps.Locations locations, Map<String, String> items, Random random) throws Exception {
        java.util.Set<String> ours = new java.util.HashSet<>(items.values());
        List<Map<String, Object>> changed = new ArrayList<>();
        for (JsonNode l : s.emulator.get("/levels")) {
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
        s.emulator.put("/levels", Map.of("levels", changed));
        return changed.size();
    }

    /** Waits until every partition of the Streams app has cut the hard sync over; returns the targets sent. */
    private long awaitCutOver(String requestId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = BenchCommand.get(s.config.streams().url() + "/hard-sync/" + requestId);
            JsonNode parts = r.isArray() ? r : r.path("partitions");
            if (parts.size() >= s.config.partitions()) {
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
}
