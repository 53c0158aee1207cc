package io.atpsync.streams.api;

import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.schemas.Topic;
import io.atpsync.streams.config.AppConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes a {@link HardSyncRequest} to every partition of the control topic, as {@code atp-sync hard-sync} does. */
public final class HardSyncPublisher implements AutoCloseable {

    private final Topic<HardSyncRequest> control;
    private final KafkaProducer<String, HardSyncRequest> producer;

    public HardSyncPublisher(AppConfig config) {
        this.control = config.topics().control();
        Map<String, Object> c = new HashMap<>(config.kafkaClientConfigs());
        c.put("enable.idempotence", "true");
        c.put("acks", "all");
        c.put("client.id", config.applicationId() + "-hard-sync");
        Serializer<HardSyncRequest> values =
                control.valueSerde(config.serdeConfigs()).serializer();
        this.producer = new KafkaProducer<>(c, new StringSerializer(), values);
    }

    /** Sends the request to every partition and waits for the broker; returns the request id and partitions. */
    Map<String, Object> request(String shop, List<String> locations, List<String> skus, String requestedBy)
            throws Exception {
        return request("http-" + UUID.randomUUID(), shop, locations, skus, Instant.now(), requestedBy);
    }

    /** {@link #request} with a given id: a reconciliation's is its schedule's slot, the same on every instance. */
    Map<String, Object> request(
            String id, String shop, List<String> locations, List<String> skus, Instant at, String requestedBy)
            throws Exception {
        HardSyncRequest r = new HardSyncRequest(id, shop, locations, skus, at, requestedBy);
        int partitions = producer.partitionsFor(control.name()).size();
        List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            sent.add(producer.send(new ProducerRecord<>(control.name(), p, null, r)));
        }
        for (var f : sent) {
            f.get(30, TimeUnit.SECONDS);
        }
        return Map.of("requestId", id, "partitions", partitions, "status", "/hard-sync/" + id);
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
