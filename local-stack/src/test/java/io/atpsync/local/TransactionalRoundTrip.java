package io.atpsync.local;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces {@code n} records in transactions (one aborted transaction in the middle whose records must never be seen),
 * then reads them back with {@code read_committed}.
 */
final class TransactionalRoundTrip {

    /** What came back: committed records read, sum of their values, aborted records seen, and timings. */
    record Result(long read, long valueSum, long abortedSeen, long produceMillis, long consumeMillis) {}

    static final long ABORTED_MARKER = -1;

    private TransactionalRoundTrip() {}

    static Result run(String bootstrap, String topic, int n) {
        long t0 = System.nanoTime();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "rt-" + UUID.randomUUID());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, Long> producer =
                new KafkaProducer<>(p, new StringSerializer(), new LongSerializer())) {
            producer.initTransactions();
            int perTransaction = 10_000;
            for (int start = 0; start < n; start += perTransaction) {
                producer.beginTransaction();
                for (long i = start; i < Math.min(n, start + perTransaction); i++) {
                    producer.send(new ProducerRecord<>(topic, "k" + (i % 1000), i));
                }
                producer.commitTransaction();
                if (start == 0) {
                    producer.beginTransaction();
                    for (int i = 0; i < 1000; i++) {
                        producer.send(new ProducerRecord<>(topic, "aborted" + i, ABORTED_MARKER));
                    }
                    producer.flush();
                    producer.abortTransaction();
                }
            }
        }
        long t1 = System.nanoTime();
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "rt-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long read = 0;
        long sum = 0;
        long aborted = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (KafkaConsumer<String, Long> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new LongDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (read < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == ABORTED_MARKER) {
                        aborted++;
                    } else {
                        read++;
                        sum += r.value();
                    }
                }
            }
            // One more poll: anything beyond n (duplicates, aborted records) would show up here.
            for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(1000))) {
                if (r.value() == ABORTED_MARKER) {
                    aborted++;
                } else {
                    read++;
                    sum += r.value();
                }
            }
        }
        long t2 = System.nanoTime();
        return new Result(read, sum, aborted, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }

    static long expectedSum(int n) {
        return (long) n * (n - 1) / 2;
    }
}
