package io.atpsync.streams.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.atpsync.schemas.Topic;
import io.atpsync.schemas.Topics;
import io.atpsync.streams.webhook.WebhookPayloads;
import io.atpsync.streams.webhook.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code POST /webhooks/shopify}: Shopify's webhooks into the contract topics. 401 for a bad signature, 413 above the
 * size limit, duplicates (same X-Shopify-Event-Id or Webhook-Id) acknowledged once, unknown topics acknowledged and
 * counted; answers well inside Shopify's 5 s.
 */
public final class WebhookBridge implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final WebhookSignature signature;
    private final int maxBytes;
    private final Topics topics;
    private final Map<String, Object> serdeConfigs;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Serializer<SpecificRecord>> serializers = new java.util.concurrent.ConcurrentHashMap<>();
    /** Recently seen webhook ids (bounded): Shopify retries a webhook it thinks failed. */
    private final Set<String> seen = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 100_000;
        }
    });

    public final AtomicLong accepted = new AtomicLong();
    public final AtomicLong duplicates = new AtomicLong();
    public final AtomicLong unknownTopics = new AtomicLong();
    public final AtomicLong rejected = new AtomicLong();

    public WebhookBridge(
            WebhookSignature signature,
            int maxBytes,
            Topics topics,
            Map<String, Object> producerConfigs,
            Map<String, Object> serdeConfigs) {
        this.signature = signature;
        this.maxBytes = maxBytes;
        this.topics = topics;
        this.serdeConfigs = serdeConfigs;
        this.producer = new KafkaProducer<>(producerConfigs, new StringSerializer(), new ByteArraySerializer());
    }

    /** Status and body for one webhook delivery. */
    record Answer(int status, Map<String, Object> body) {}

    Answer handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(maxBytes + 1);
        }
        if (body.length > maxBytes) {
            rejected.incrementAndGet();
            return new Answer(413, Map.of("error", "webhook body larger than " + maxBytes + " bytes"));
        }
        if (!signature.valid(body, ex.getRequestHeaders().getFirst("X-Shopify-Hmac-Sha256"))) {
            rejected.incrementAndGet();
            return new Answer(401, Map.of("error", "invalid X-Shopify-Hmac-Sha256 signature"));
        }
        String topic = String.valueOf(ex.getRequestHeaders().getFirst("X-Shopify-Topic"));
        String shop = String.valueOf(ex.getRequestHeaders().getFirst("X-Shopify-Shop-Domain"));
        String id = ex.getRequestHeaders().getFirst("X-Shopify-Event-Id");
        if (id == null) {
            id = ex.getRequestHeaders().getFirst("X-Shopify-Webhook-Id");
        }
        synchronized (seen) {
            if (id != null && seen.contains(id)) {
                duplicates.incrementAndGet();
                return new Answer(200, Map.of("status", "duplicate", "id", id));
            }
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (IOException e) {
            rejected.incrementAndGet();
            return new Answer(400, Map.of("error", "body is not JSON: " + e.getMessage()));
        }
        var record = WebhookPayloads.toRecord(topic, shop, payload);
        if (record.isEmpty()) {
            unknownTopics.incrementAndGet();
            return new Answer(200, Map.of("status", "ignored", "topic", topic));
        }
        try {
            publish(record.get());
        } catch (Exception e) {
            return new Answer(
                    503,
                    Map.of("error", "could not publish " + topic + ": " + e.getMessage() + " (Shopify will retry)"));
        }
        synchronized (seen) {
            if (id != null) {
                seen.add(id);
            }
        }
        accepted.incrementAndGet();
        return new Answer(200, Map.of("status", "published", "topic", topic));
    }

    @SuppressWarnings("unchecked")
    private void publish(SpecificRecord record) throws Exception {
        Topic<SpecificRecord> topic = (Topic<SpecificRecord>) topics.all().stream()
                .filter(t -> t.valueType().isInstance(record))
                .findFirst()
                .orElseThrow();
        Serializer<SpecificRecord> values = serializers.computeIfAbsent(
                topic.name(), n -> topic.valueSerde(serdeConfigs).serializer());
        byte[] bytes = values.serialize(topic.name(), record);
        producer.send(new ProducerRecord<>(topic.name(), topic.keyOf(record), bytes))
                .get(3, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        producer.close();
    }
}
