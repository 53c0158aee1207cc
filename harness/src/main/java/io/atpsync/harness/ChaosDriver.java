package io.atpsync.harness;

import io.atpsync.emulator.EmulatorAdmin;
import io.atpsync.harness.chaos.ChaosSteps;
import io.atpsync.harness.chaos.ChaosWorkload;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.Topic;
import io.atpsync.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
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

/** Runs a chaos workload: its steps published at a steady rate, its Shopify orders placed in order between them. */
final class ChaosDriver {

    private final ChaosScenario s;

    ChaosDriver(ChaosScenario s) {
        this.s = s;
    }

    /** Publishes the steps at a steady rate; Shopify orders go to the emulator between them, in order. */
    void execute(ChaosWorkload w) throws Exception {
        Map<String, Object> c = new HashMap<>(s.client());
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
                long due = Math.min(w.steps.size(), (System.nanoTime() - t0) * s.eventsPerSecond / 1_000_000_000L + 1);
                for (; i < due; i++) {
                    ChaosSteps.Step step = w.steps.get(i);
                    if (step instanceof ChaosSteps.Publish pub) {
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
                    } else if (step instanceof ChaosSteps.Fulfil x) {
                        awaitPlaced(x.orderId());
                        s.emulator.post("/orders/" + x.orderId() + "/fulfill", Map.of());
                    } else if (step instanceof ChaosSteps.Cancel x) {
                        awaitPlaced(x.orderId());
                        EmulatorAdmin.Reply r = s.emulator.call(
                                "POST", "/orders/" + x.orderId() + "/cancel", Map.of("restock", x.restock()));
                        if (!r.ok()
                                && !r.body().toString().contains("already cancelled")) { // a resend after a lost answer
                            throw new IllegalStateException(
                                    "the emulator refused to cancel order " + x.orderId() + ": " + r.body());
                        }
                    } else if (step instanceof ChaosSteps.Order o) {
                        s.placing.put(o.orderId(), s.shoppers.submit(() -> {
                            order(o);
                            return null;
                        }));
                    }
                    s.done.incrementAndGet();
                }
                if (failure.get() != null) {
                    throw new IllegalStateException(
                            s.kind + ": publishing failed: " + failure.get().getMessage(), failure.get());
                }
                if (System.nanoTime() > nextReport) {
                    s.say("%s: %,d of %,d steps done", s.kind, i, w.steps.size());
                    nextReport += Duration.ofSeconds(20).toNanos();
                }
                Thread.sleep(10);
            }
            for (java.util.concurrent.Future<?> order : s.placing.values()) {
                order.get(2, java.util.concurrent.TimeUnit.MINUTES);
            }
            producer.flush();
        } finally {
            s.shoppers.shutdown();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    s.kind + ": publishing failed: " + failure.get().getMessage(), failure.get());
        }
    }

    /** Waits until the shopper's order {@code orderId} (if one is still being placed) is in the emulator. */
    private void awaitPlaced(String orderId) throws Exception {
        java.util.concurrent.Future<?> order = orderId == null ? null : s.placing.remove(orderId);
        if (order != null) {
            order.get(2, java.util.concurrent.TimeUnit.MINUTES);
        }
    }

    private void order(ChaosSteps.Order o) throws Exception {
        Map<String, Object> body = Map.of(
                "orderId",
                o.orderId(),
                "lines",
                List.of(Map.of("sku", o.sku(), "locationId", o.location(), "quantity", o.units())));
        for (int attempt = 1; ; attempt++) {
            EmulatorAdmin.Reply r = s.emulator.call("POST", "/orders", body);
            // the workload's order ids are unique: "exists" is a resend finding the order its lost first try placed
            if (r.ok() || r.body().toString().contains("order " + o.orderId() + " exists")) {
                s.placedOrders.incrementAndGet();
                return;
            }
            if (attempt == 3) {
                throw new IllegalStateException(
                        "the emulator refused order " + o.orderId() + ": HTTP " + r.status() + " " + r.body());
            }
        }
    }
}
