package io.atpsync.streams.topology;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where a rebuild hands over, per partition of {@code inventory.events}: one past the last record a
 * {@code read_committed} reader gets. Not the end offset: when the topic's producers are transactional, the last entry
 * of a partition is a commit marker (and aborted records may precede it), which no processor ever sees, so a task
 * waiting for "end offset − 1" would never hand over.
 */
public final class RebuildPoint {

    private static final Duration READ_BUDGET = Duration.ofSeconds(30);

    private RebuildPoint() {}

    /**
     * Per partition, one past its last committed record; 0 where the group's committed offset is already there, or the
     * partition holds no record (nothing to catch up: hand over at once).
     */
    public static Map<Integer, Long> of(Map<String, Object> clientConfigs, String groupId, String topic, int partitions)
            throws Exception {
        try (Admin admin = Admin.create(clientConfigs)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            var committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<Integer, Long> until = new HashMap<>();
            try (KafkaConsumer<byte[], byte[]> reader = reader(clientConfigs)) {
                for (var e : ends.entrySet()) {
                    long last = afterLastRecord(reader, e.getKey(), e.getValue().offset());
                    var c = committed.get(e.getKey());
                    until.put(e.getKey().partition(), last == 0 || c != null && c.offset() >= last ? 0L : last);
                }
            }
            return until;
        }
    }

    /** One past the last record below {@code end} that a read_committed reader returns; 0 if none. */
    static long afterLastRecord(KafkaConsumer<byte[], byte[]> reader, TopicPartition tp, long end) {
        reader.assign(List.of(tp));
        long beginning = reader.beginningOffsets(List.of(tp)).get(tp);
        long back = 16;
        while (end > beginning) {
            long from = Math.max(beginning, end - back);
            reader.seek(tp, from);
            long last = -1;
            long deadline = System.nanoTime() + READ_BUDGET.toNanos();
            while (reader.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("rebuild: could not read " + tp + " up to offset " + end
                            + " within " + READ_BUDGET.toSeconds()
                            + " s (an open transaction on it holds the last stable offset back?)");
                }
                for (var r : reader.poll(Duration.ofMillis(200)).records(tp)) {
                    if (r.offset() < end) {
                        last = Math.max(last, r.offset());
                    }
                }
            }
            if (last >= 0) {
                return last + 1;
            }
            if (from == beginning) {
                return 0;
            }
            back *= 16; // only markers and aborted records at the tail: look further back
        }
        return 0;
    }

    private static KafkaConsumer<byte[], byte[]> reader(Map<String, Object> clientConfigs) {
        Map<String, Object> c = new HashMap<>(clientConfigs);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
