package io.atpsync.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.schemas.registry.RestSchemaRegistryClient;
import io.atpsync.schemas.serde.AvroSerde;
import io.atpsync.schemas.serde.RecordKind;
import io.atpsync.testing.KafkaBroker;
import io.atpsync.testing.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The development registry's REST API as Confluent clients use it, and our serde through it on a real broker. */
@ExtendWith(KafkaBrokerExtension.class)
class DevSchemaRegistryIT {

    private static final String CT = "application/vnd.schemaregistry.v1+json";
    private static final String V1 =
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
    private static final String V2 =
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                    + "{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}";
    private static final String V3_INCOMPATIBLE =
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                    + "{\"name\":\"c\",\"type\":\"int\"}]}";

    @TempDir
    Path dir;

    private DevSchemaRegistry registry;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        registry = new DevSchemaRegistry(0, dir.resolve("journal"));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void shouldRegisterVersionsAndRefuseAnIncompatibleSchemaWithConfluentsErrorBody() throws Exception {
        assertThat(post("/subjects/demo-value/versions", V1)).isEqualTo(reply(200, "{\"id\":1}"));
        assertThat(post("/subjects/demo-value/versions", V1)).as("idempotent").isEqualTo(reply(200, "{\"id\":1}"));
        assertThat(post("/subjects/demo-value/versions", V2)).isEqualTo(reply(200, "{\"id\":2}"));

        String conflict = post("/subjects/demo-value/versions", V3_INCOMPATIBLE);
        assertThat(conflict)
                .startsWith("409 {\"error_code\":409,\"message\":\"Schema being registered is incompatible");

        assertThat(get("/subjects")).isEqualTo(reply(200, "[\"demo-value\"]"));
        assertThat(get("/subjects/demo-value/versions")).isEqualTo(reply(200, "[1,2]"));
        assertThat(get("/subjects/demo-value/versions/latest"))
                .contains("\"version\":2")
                .contains("\"id\":2");
        assertThat(get("/schemas/ids/1")).contains("\"schema\":\"{\\\"type\\\":\\\"record\\\"");
        assertThat(get("/schemas/ids/99")).startsWith("404 {\"error_code\":40403");
        assertThat(get("/subjects/nope/versions")).startsWith("404 {\"error_code\":40401");
        assertThat(get("/config")).isEqualTo(reply(200, "{\"compatibilityLevel\":\"BACKWARD\"}"));
        assertThat(post("/compatibility/subjects/demo-value/versions/latest", V3_INCOMPATIBLE))
                .isEqualTo(reply(200, "{\"is_compatible\":false}"));
        assertThat(post("/subjects/demo-value", V2)).contains("\"version\":2");
    }

    @Test
    void shouldAcceptAnyChangeWhenCompatibilityIsNone() throws Exception {
        post("/subjects/free-value/versions", V1);
        assertThat(send("PUT", "/config/free-value", "{\"compatibility\":\"NONE\"}"))
                .isEqualTo(reply(200, "{\"compatibility\":\"NONE\"}"));
        assertThat(post("/subjects/free-value/versions", V3_INCOMPATIBLE)).startsWith("200");
        assertThat(send("PUT", "/config", "{\"compatibility\":\"SIDEWAYS\"}")).startsWith("422");
    }

    @Test
    void shouldKeepSchemaIdsAcrossARestartWithItsJournal() throws Exception {
        post("/subjects/a-value/versions", V1);
        post("/subjects/a-value/versions", V2);
        int port = Integer.parseInt(registry.url().replaceAll(".*:", ""));
        registry.close();

        registry = new DevSchemaRegistry(port, dir.resolve("journal"));

        assertThat(get("/schemas/ids/2")).contains("\\\"b\\\"");
        assertThat(get("/subjects/a-value/versions")).isEqualTo(reply(200, "[1,2]"));
    }

    @Test
    void shouldRoundTripEventsThroughTheBrokerAndNamePartitionAndOffsetOfABadRecord(KafkaBroker kafka) {
        String topic = kafka.createTopic("events", 1);
        AvroSerde<InventoryEvent> serde = new AvroSerde<>(InventoryEvent.class, RecordKind.VALUE);
        serde.configure(Map.of(RegistryClientConfig.URL, registry.url()), false);
        InventoryEvent event = InventoryEvent.newBuilder()
                .setEventId("e1")
                .setSource("POS")
                .setType(EventType.POS_SALE)
                .setSku("SKU-1")
                .setFacilityId("s1")
                .setQohDiff(-1)
                .setAtpDiff(-1)
                .setOccurredAt(Instant.ofEpochMilli(1000))
                .build();
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), serde.serializer());
                var raw = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "SKU-1", event));
            producer.flush();
            raw.send(new ProducerRecord<>(topic, "SKU-1", "{\"not\":\"avro\"}".getBytes()));
            raw.flush();
        }
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + topic);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), serde.deserializer())) {
            consumer.subscribe(List.of(topic));
            List<InventoryEvent> read = new java.util.ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (read.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> read.add(r.value()));
            }
            assertThat(read).containsExactly(event);

            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(5)))
                    .isInstanceOf(RecordDeserializationException.class)
                    .hasMessageContaining(topic + "-0")
                    .hasMessageContaining("offset 1")
                    .cause()
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic " + topic)
                    .hasMessageContaining("unknown magic byte 0x7b");
        }
    }

    @Test
    void shouldSayWhichRegistryIsDownAndWhatItWasAskedFor() {
        int deadPort = Ports.free();
        var client = new RestSchemaRegistryClient(
                RegistryClientConfig.from(Map.of(RegistryClientConfig.URL, "http://127.0.0.1:" + deadPort)));
        AvroSerde<InventoryEvent> serde = new AvroSerde<>(InventoryEvent.class, RecordKind.VALUE, client);

        assertThatThrownBy(() -> serde.deserializer().deserialize("inventory.events", new byte[] {0, 0, 0, 0, 3, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic inventory.events")
                .hasMessageContaining("schema id 3")
                .hasMessageContaining("http://127.0.0.1:" + deadPort + " unreachable");
    }

    private static String reply(int status, String body) {
        return status + " " + body;
    }

    private String get(String path) throws Exception {
        return send("GET", path, null);
    }

    private String post(String path, String schema) throws Exception {
        return send(
                "POST",
                path,
                "{\"schema\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(schema) + "}");
    }

    private String send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Content-Type", CT)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }
}
