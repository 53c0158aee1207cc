package io.atpsync.harness;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Waits on consumer groups and reads what a Streams app wrote, for the benchmarks and the reliability suite. */
final class ConsumerGroups {

    private ConsumerGroups() {}

    /** Waits until {@code group} has committed up to the end (less a commit marker) of every partition it reads. */
    static void awaitGroupCaughtUp(Admin admin, String group, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            if (committed.keySet().stream().anyMatch(tp -> tp.topic().endsWith("location-mappings"))) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                if (ends.entrySet().stream()
                        .allMatch(e -> committed.get(e.getKey()).offset()
                                >= e.getValue().offset() - 1)) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                group + " did not process its configuration within " + timeout.toMinutes() + " min");
    }
    /** End offsets (summed over partitions) of every topic with the prefix except the pre-loaded input topic. */
    static Map<String, Long> offsetsWritten(Admin admin, String prefix, String input) throws Exception {
        Map<String, Long> byTopic = new java.util.TreeMap<>();
        endOffsets(admin, n -> n.startsWith(prefix) && !n.equals(input))
                .forEach((tp, offset) -> byTopic.merge(tp.topic(), offset, Long::sum));
        return byTopic;
    }

    /** The end offset of every partition of the topics whose name {@code topics} accepts. */
    static Map<TopicPartition, Long> endOffsets(Admin admin, java.util.function.Predicate<String> topics)
            throws Exception {
        List<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(topics)
                .toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(names)
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .forEach((name, d) -> d.partitions()
                        .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, o) -> ends.put(tp, o.offset()));
        return ends;
    }

    static void awaitConsumed(Admin admin, String group, String topic, Duration timeout) throws Exception {
        awaitConsumed(admin, group, topic, 0, timeout);
    }
    /**
     * Waits until {@code group} has committed, on every partition of {@code topic}, the end offset it had when called,
     * less {@code slack} (1 on a transactional topic: a consumer commits after the last record, the transaction's
     * commit marker stays ahead of it).
     */
    static void awaitConsumed(Admin admin, String group, String topic, int slack, Duration timeout) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            boolean done = ends.entrySet().stream()
                    .allMatch(e -> e.getValue().offset() == 0
                            || committed.get(e.getKey()) != null
                                    && committed.get(e.getKey()).offset()
                                            >= e.getValue().offset() - slack);
            if (done) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                group + " did not consume " + topic + " within " + timeout.toMinutes() + " min");
    }
}
