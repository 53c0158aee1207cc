package io.atpsync.streams.ops;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** How far a consumer group is behind its input topics, in committed records, for the System page and readiness. */
final class GroupLag implements AutoCloseable {

    private final Admin admin;
    private final Map<String, Object> clientConfigs;
    private final String applicationId;

    GroupLag(Admin admin, Map<String, Object> clientConfigs, String applicationId) {
        this.admin = admin;
        this.clientConfigs = clientConfigs;
        this.applicationId = applicationId;
    }

    /** The lag of {@code group} on the topics of {@code topicNames} that exist: total and per topic. */
    Map<String, Object> of(String group, Set<String> topicNames) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Set<String> present = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        admin.describeTopics(topicNames.stream().filter(present::contains).toList())
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .forEach((name, d) -> d.partitions()
                        .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        var ends = admin.listOffsets(
                        latest,
                        new org.apache.kafka.clients.admin.ListOffsetsOptions(
                                org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                .all()
                .get(10, TimeUnit.SECONDS);
        Map<String, Long> perTopic = new java.util.TreeMap<>();
        long total = 0;
        for (var e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            long lag = recordsBetween(
                    e.getKey(), c == null ? 0 : c.offset(), e.getValue().offset());
            perTopic.merge(e.getKey().topic(), lag, Long::sum);
            total += lag;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", group);
        m.put("total", total);
        m.put("topics", perTopic);
        return m;
    }

    private static final long COUNT_UP_TO = 5_000;

    /**
     * Committed records in [from, to) of a partition. Offsets alone overstate lag on transactional topics: every
     * transaction ends in a marker that takes an offset, and a consumer that commits "last record + 1" (Connect does)
     * stays behind the marker for good. Small gaps are counted by reading them (read_committed); large ones are
     * reported as the offset difference.
     */
    private long recordsBetween(TopicPartition tp, long from, long to) {
        long gap = Math.max(0, to - from);
        if (gap == 0 || gap > COUNT_UP_TO) {
            return gap;
        }
        long count = 0;
        KafkaConsumer<byte[], byte[]> c = counter();
        c.assign(List.of(tp));
        c.seek(tp, from);
        long deadline = System.currentTimeMillis() + 2_000;
        while (c.position(tp) < to && System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r :
                    c.poll(Duration.ofMillis(100)).records(tp)) {
                if (r.offset() < to) {
                    count++;
                }
            }
        }
        return c.position(tp) >= to ? count : gap;
    }

    private KafkaConsumer<byte[], byte[]> counter;

    private synchronized KafkaConsumer<byte[], byte[]> counter() {
        if (counter == null) {
            Map<String, Object> consumerConfig = new HashMap<>(clientConfigs);
            consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, applicationId + "-dashboard-lag");
            counter = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return counter;
    }

    @Override
    public synchronized void close() {
        if (counter != null) {
            counter.close(Duration.ofSeconds(5));
        }
    }
}
