package io.atpsync.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.cli.DemoFeed;
import io.atpsync.cli.OneTransaction;
import io.atpsync.emulator.EmulatorAdmin;
import io.atpsync.local.LocalStackConfig;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.Facility;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.Topic;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * B4, freshness: POS sales at a steady rate on the local stack, each timed from the moment it is handed to the producer
 * to the moment the emulator applies an adjustment that includes it.
 *
 * <p>Every event sells one unit of one SKU at one location from a large opening stock, so Shopify's level only falls:
 * the k-th sale of a SKU is applied by the first adjustment that leaves the level at or below opening − k. Both clocks
 * are this machine's.
 */
final class Freshness {

    private static final String SHOP = DemoFeed.SHOP;
    private static final long OPENING = 10_000_000;

    private Freshness() {}

    static Map<String, Object> run(
            LocalStackConfig config, int eventsPerSecond, Duration duration, int skus, PrintWriter log)
            throws Exception {
        EmulatorAdmin.Shop emulator =
                new EmulatorAdmin(config.emulator().url(), BenchCommand.REQUEST_TIMEOUT).shop(SHOP);
        String location = emulator.post("/locations", Map.of("name", "B4 location"))
                .path("id")
                .asText();
        Map<String, String> items = new LinkedHashMap<>();
        for (int from = 0; from < skus; from += 100) {
            List<String> batch = new ArrayList<>();
            for (int s = from; s < Math.min(skus, from + 100); s++) {
                batch.add(String.format("B4-%05d", s));
            }
            for (JsonNode v : emulator.post(
                    "/products",
                    Map.of("title", "B4 product " + from, "skus", batch, "stock", Map.of("B4 location", 0)))) {
                items.put(v.path("sku").asText(), v.path("inventoryItemId").asText());
            }
        }
        List<String> skuList = new ArrayList<>(items.keySet());
        Map<String, Object> client = Map.of(
                "bootstrap.servers",
                config.broker().bootstrapServers(),
                RegistryClientConfig.URL,
                config.registry().url());
        Topics t = Topics.DEFAULT;
        OneTransaction.publish(client, s -> {
            s.send(t.facilities(), new Facility("B4F", "B4 facility", "STORE", true));
            s.send(t.locationMappings(), new LocationMapping(location, SHOP, List.of("B4F"), null, null));
            items.forEach((sku, item) -> s.send(t.catalog(), new CatalogItem(SHOP, sku, item, null, null)));
            return 0;
        });
        Thread.sleep(3_000);
        String run = Long.toString(System.currentTimeMillis(), 36);
        OneTransaction.publish(client, s -> {
            for (String sku : skuList) {
                s.send(t.inventoryEvents(), event("b4-" + run + "-open-" + sku, EventType.RECEIPT, sku, OPENING));
            }
            return skuList.size();
        });
        Map<String, Long> opening = new HashMap<>();
        skuList.forEach(s -> opening.put(s, OPENING));
        BenchCommand.awaitLevels("B4", emulator, location, opening, Duration.ofMinutes(5));
        log.printf(
                "B4: %d SKUs at %,d units; selling %,d events/s for %d s ...%n",
                skus, OPENING, eventsPerSecond, duration.toSeconds());
        log.flush();

        // produce at a steady rate: a slice every 10 ms, each event's hand-over time kept per (SKU, k-th sale)
        long total = eventsPerSecond * duration.toSeconds();
        long[][] producedAt = new long[skus][(int) (total / skus + 2)];
        int[] sold = new int[skus];
        Map<String, Object> configs = new HashMap<>(client);
        configs.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        configs.put(ProducerConfig.ACKS_CONFIG, "all");
        configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        Topic<InventoryEvent> topic = t.inventoryEvents();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        long sent = 0;
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(configs, new StringSerializer(), new ByteArraySerializer())) {
            @SuppressWarnings("unchecked")
            Serializer<SpecificRecord> serializer = (Serializer<SpecificRecord>)
                    (Serializer<?>) topic.valueSerde(configs).serializer();
            long nextReport = t0 + Duration.ofSeconds(30).toNanos();
            while (sent < total) {
                long due = Math.min(total, (System.nanoTime() - t0) * eventsPerSecond / 1_000_000_000L + 1);
                for (; sent < due; sent++) {
                    int s = (int) (sent % skus);
                    InventoryEvent e = event("b4-" + run + "-" + sent, EventType.POS_SALE, skuList.get(s), -1);
                    producedAt[s][sold[s]++] = System.currentTimeMillis();
                    producer.send(
                            new ProducerRecord<>(topic.name(), topic.keyOf(e), serializer.serialize(topic.name(), e)),
                            (m, x) -> {
                                if (x != null) {
                                    failure.compareAndSet(null, x);
                                }
                            });
                }
                if (System.nanoTime() > nextReport) {
                    log.printf("B4: %,d of %,d events produced%n", sent, total);
                    log.flush();
                    nextReport += Duration.ofSeconds(30).toNanos();
                }
                Thread.sleep(10);
            }
            producer.flush();
        }
        double produceSeconds = (System.nanoTime() - t0) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "B4: producing failed: " + failure.get().getMessage(), failure.get());
        }
        Map<String, Long> expected = new HashMap<>();
        for (int s = 0; s < skus; s++) {
            expected.put(skuList.get(s), OPENING - sold[s]);
        }
        BenchCommand.awaitLevels("B4", emulator, location, expected, Duration.ofMinutes(10));

        // every adjustment Shopify applied at the location, per item, in order
        Map<String, List<long[]>> applied = new HashMap<>();
        for (JsonNode group : emulator.get("/adjustments")) {
            long at = Instant.parse(group.path("createdAt").asText()).toEpochMilli();
            for (JsonNode c : group.path("changes")) {
                if (c.path("name").asText().equals("available")
                        && c.path("locationId").asText().equals(location)) {
                    applied.computeIfAbsent(c.path("itemId").asText(), k -> new ArrayList<>())
                            .add(new long[] {at, c.path("quantityAfterChange").asLong()});
                }
            }
        }
        long interval = flushIntervalMs(config);
        long[] latencies = new long[(int) total];
        long[] beyondWindow = new long[(int) total]; // latency minus the wait for the event's window to close
        long firstProduced = Long.MAX_VALUE;
        for (int s = 0; s < skus; s++) {
            if (sold[s] > 0) {
                firstProduced = Math.min(firstProduced, producedAt[s][0]);
            }
        }
        int slices = (int) Math.max(1, (duration.toSeconds() + 29) / 30);
        List<List<Long>> bySlice = new ArrayList<>();
        for (int i = 0; i < slices; i++) {
            bySlice.add(new ArrayList<>());
        }
        int n = 0;
        for (int s = 0; s < skus; s++) {
            List<long[]> timeline = applied.getOrDefault(items.get(skuList.get(s)), List.of());
            int i = 0;
            for (int k = 1; k <= sold[s]; k++) {
                while (i < timeline.size() && timeline.get(i)[1] > OPENING - k) {
                    i++;
                }
                if (i == timeline.size()) {
                    throw new IllegalStateException(
                            "B4: sale " + k + " of " + skuList.get(s) + " never reached Shopify");
                }
                long produced = producedAt[s][k - 1];
                long latency = timeline.get(i)[0] - produced;
                beyondWindow[n] = latency - (interval - Math.floorMod(produced, interval));
                latencies[n++] = latency;
                bySlice.get((int) Math.min(slices - 1, (produced - firstProduced) / 30_000))
                        .add(latency);
            }
        }
        Arrays.sort(latencies, 0, n);
        Arrays.sort(beyondWindow, 0, n);
        List<Long> sliceP99 = new ArrayList<>();
        for (List<Long> slice : bySlice) {
            slice.sort(null);
            sliceP99.add(slice.isEmpty() ? null : slice.get(Math.min(slice.size() - 1, (int) (slice.size() * 0.99))));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("events", n);
        r.put("skus", skus);
        r.put("targetEventsPerSecond", eventsPerSecond);
        r.put("achievedEventsPerSecond", Math.round(total / produceSeconds));
        r.put("seconds", duration.toSeconds());
        r.put("flushIntervalMs", interval);
        r.put("p50Ms", latencies[(int) (n * 0.50)]);
        r.put("p99Ms", latencies[Math.min(n - 1, (int) (n * 0.99))]);
        r.put("maxMs", latencies[n - 1]);
        r.put("minMs", latencies[0]);
        r.put("beyondWindowP50Ms", beyondWindow[(int) (n * 0.50)]);
        r.put("beyondWindowP99Ms", beyondWindow[Math.min(n - 1, (int) (n * 0.99))]);
        r.put("p99MsPer30s", sliceP99);
        r.put(
                "note",
                "latency = emulator adjustment time − producer hand-over "
                        + "time of each event; one location, POS sales of 1 unit; "
                        + "beyond window = latency minus the wait for the event's "
                        + "flush window to close (Streams, punctuation, sink, Shopify)");
        log.printf("B4: %s%n", r);
        log.flush();
        return r;
    }

    private static long flushIntervalMs(LocalStackConfig config) {
        String configured = config.streams().extraConfig().get("atpsync.flush.interval.ms");
        return configured != null
                ? Long.parseLong(configured)
                : io.atpsync.streams.config.Settings.DEFAULT_FLUSH_INTERVAL.toMillis();
    }

    private static InventoryEvent event(String id, EventType type, String sku, long qty) {
        return InventoryEvent.newBuilder()
                .setEventId(id)
                .setSource("BENCH")
                .setType(type)
                .setSku(sku)
                .setFacilityId("B4F")
                .setQohDiff(qty)
                .setAtpDiff(qty)
                .setOccurredAt(Instant.now())
                .build();
    }
}
