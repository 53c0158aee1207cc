package io.atpsync.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.testing.KafkaBroker;
import io.atpsync.testing.KafkaBrokerExtension;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue "Right against the real Shopify", requirement 7: a rebuild hands over on a partition whose last entry is a
 * transaction marker. Partition 0 ends with a committed transaction (3 records and its commit marker: end offset 4,
 * last record at 2), partition 1 with an aborted one after a committed record, partition 2 is empty. Waiting for "end
 * offset − 1" never ends on 0 and 1.
 */
@ExtendWith(KafkaBrokerExtension.class)
class RebuildPointIT {

    @Test
    void shouldHandOverAfterTheLastRecordNotAtTheMarker(KafkaBroker kafka) throws Exception {
        String topic = kafka.createTopic("rebuild-point", 3);
        Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<String, String> p = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "transactional.id", topic + "-tx"),
                new StringSerializer(),
                new StringSerializer())) {
            p.initTransactions();
            p.beginTransaction();
            for (int i = 0; i < 3; i++) {
                p.send(new ProducerRecord<>(topic, 0, "k", "v" + i));
            }
            p.send(new ProducerRecord<>(topic, 1, "k", "kept"));
            p.commitTransaction(); // p0: 0,1,2 + marker 3; p1: 0 + marker 1
            p.beginTransaction();
            p.send(new ProducerRecord<>(topic, 1, "k", "aborted"));
            p.send(new ProducerRecord<>(topic, 1, "k", "aborted"));
            p.flush(); // written, then aborted (unsent batches would just be dropped)
            p.abortTransaction(); // p1: 2,3 aborted + marker 4
        }
        // commitTransaction and abortTransaction return once the coordinator has decided; it writes the markers to
        // the partitions a moment later, so wait for them (bounded) before reading the end offsets.
        Map<TopicPartition, Long> ends = endOffsets(kafka, topic);
        for (long deadline = System.nanoTime() + 30_000_000_000L;
                (ends.get(new TopicPartition(topic, 0)) < 4 || ends.get(new TopicPartition(topic, 1)) < 5)
                        && System.nanoTime() < deadline; ) {
            Thread.sleep(50);
            ends = endOffsets(kafka, topic);
        }
        assertThat(ends.get(new TopicPartition(topic, 0))).isEqualTo(4);
        assertThat(ends.get(new TopicPartition(topic, 1))).isEqualTo(5);

        Map<Integer, Long> until = RebuildPoint.of(client, topic + "-app", topic, 3);
        assertThat(until).containsEntry(0, 3L).containsEntry(1, 1L).containsEntry(2, 0L);

        // A group that already processed partition 0's last record (committed offset 3, before the marker) hands over
        // at once.
        kafka.admin()
                .alterConsumerGroupOffsets(
                        topic + "-app", Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3)))
                .all()
                .get();
        assertThat(RebuildPoint.of(client, topic + "-app", topic, 3))
                .containsEntry(0, 0L)
                .containsEntry(1, 1L);
    }

    private static Map<TopicPartition, Long> endOffsets(KafkaBroker kafka, String topic) throws Exception {
        var latest = org.apache.kafka.clients.admin.OffsetSpec.latest();
        var ends = kafka.admin()
                .listOffsets(Map.of(new TopicPartition(topic, 0), latest, new TopicPartition(topic, 1), latest))
                .all()
                .get();
        return Map.of(
                new TopicPartition(topic, 0),
                        ends.get(new TopicPartition(topic, 0)).offset(),
                new TopicPartition(topic, 1),
                        ends.get(new TopicPartition(topic, 1)).offset());
    }
}
