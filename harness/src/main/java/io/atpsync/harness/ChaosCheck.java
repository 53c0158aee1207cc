package io.atpsync.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The check of a chaos scenario: Shopify's levels against the reference model once they settle, and the DLQ. */
final class ChaosCheck {

    private final ChaosScenario s;

    ChaosCheck(ChaosScenario s) {
        this.s = s;
    }

    // ---- the check ---------------------------------------------------------------------------------

    /**
     * Shopify's levels for the expected keys once they match and stay matched for 15 s (three flush windows), or as
     * they are when the time is up.
     */
    Map<String, Long> settle(Map<String, Long> expected, Duration timeout) throws Exception {
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
                s.say("%s: %d of %d keys not at the reference yet", s.kind, off, expected.size());
                nextReport += Duration.ofSeconds(30).toNanos();
            }
            Thread.sleep(1_000);
        }
        return actual;
    }

    Map<String, Long> levels(Map<String, Long> expected) throws Exception {
        Map<String, Long> actual = new HashMap<>();
        for (JsonNode l : s.emulator.get("/levels")) {
            String key = l.path("inventoryItemId").asText() + "|"
                    + l.path("locationId").asText();
            if (expected.containsKey(key)) {
                actual.put(key, l.path("available").asLong());
            }
        }
        return actual;
    }

    /** Records on the events DLQ whose key (the SKU) belongs to this scenario. */
    long deadLettered(String skuPrefix) {
        String dlq = Topics.DEFAULT.dlq(Topics.DEFAULT.inventoryEvents());
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.config.broker().bootstrapServers());
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
}
