package io.atpsync.cli;

import io.atpsync.schemas.Topic;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes everything a body sends in one Kafka transaction: all of it, or (on any failure) none of it, aborted at
 * once so read_committed consumers are not held back.
 */
public final class OneTransaction {

    /** What a body sends through. */
    public interface Sender {
        <V extends SpecificRecord> void send(Topic<V> topic, V value);

        /** With one record header (e.g. {@link io.atpsync.schemas.EventHeaders#SETTLED_BY}). */
        <V extends SpecificRecord> void send(Topic<V> topic, V value, String header, byte[] headerValue);

        /** To one partition explicitly (a control record goes to every partition). */
        <V extends SpecificRecord> void send(Topic<V> topic, int partition, V value);

        int partitions(Topic<?> topic);
    }

    /** The work inside the transaction. */
    public interface Body {
        long run(Sender sender) throws Exception;
    }

    private OneTransaction() {}

    /** Runs {@code body} in a transaction and returns what it returned (records sent). */
    public static long publish(Map<String, Object> clientConfigs, Body body) throws Exception {
        return publish(clientConfigs, body, (tp, offset) -> {});
    }

    /** As {@link #publish(Map, Body)}; {@code written} hears each record's partition and offset once it is written. */
    public static long publish(
            Map<String, Object> clientConfigs, Body body, java.util.function.BiConsumer<TopicPartition, Long> written)
            throws Exception {
        Map<String, Object> configs = new HashMap<>(clientConfigs);
        configs.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "atp-sync-cli-" + UUID.randomUUID());
        configs.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "900000");
        configs.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        configs.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicReference<Exception> failure = new AtomicReference<>();
        Map<String, Serializer<SpecificRecord>> serializers = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(configs, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            Sender sender = new Sender() {
                @Override
                public <V extends SpecificRecord> void send(Topic<V> topic, V value) {
                    producer.send(
                            new ProducerRecord<>(topic.name(), topic.keyOf(value), bytes(topic, value)), callback());
                }

                @Override
                public <V extends SpecificRecord> void send(
                        Topic<V> topic, V value, String header, byte[] headerValue) {
                    ProducerRecord<String, byte[]> r =
                            new ProducerRecord<>(topic.name(), topic.keyOf(value), bytes(topic, value));
                    r.headers().add(header, headerValue);
                    producer.send(r, callback());
                }

                @Override
                public <V extends SpecificRecord> void send(Topic<V> topic, int partition, V value) {
                    producer.send(new ProducerRecord<>(topic.name(), partition, null, bytes(topic, value)), callback());
                }

                @Override
                public int partitions(Topic<?> topic) {
                    return producer.partitionsFor(topic.name()).size();
                }

                @SuppressWarnings("unchecked")
                private <V extends SpecificRecord> byte[] bytes(Topic<V> topic, V value) {
                    Serializer<SpecificRecord> s =
                            serializers.computeIfAbsent(topic.name(), n -> (Serializer<SpecificRecord>)
                                    topic.valueSerde(configs).serializer());
                    return s.serialize(topic.name(), value);
                }

                private org.apache.kafka.clients.producer.Callback callback() {
                    return (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        } else {
                            written.accept(
                                    new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset());
                        }
                    };
                }
            };
            long sent;
            try {
                sent = body.run(sender);
                producer.flush();
            } catch (Exception e) {
                failure.compareAndSet(null, e);
                sent = 0;
            }
            if (failure.get() != null) {
                producer.abortTransaction();
                throw new IllegalStateException(
                        "publishing failed, transaction aborted, nothing published: "
                                + failure.get().getMessage(),
                        failure.get());
            }
            producer.commitTransaction();
            return sent;
        }
    }
}
