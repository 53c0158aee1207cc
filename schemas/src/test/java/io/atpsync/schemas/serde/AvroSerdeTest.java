package io.atpsync.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.registry.SchemaRegistryClient;
import io.atpsync.schemas.registry.SchemaRegistryException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The wire format itself; the registry round trips are in local-stack's DevSchemaRegistryIT. */
class AvroSerdeTest {

    /** A registry of our own interface in memory: ids by schema text. */
    static final class InMemoryRegistry implements SchemaRegistryClient {
        final Map<Integer, Schema> byId = new HashMap<>();

        @Override
        public int register(String subject, Schema schema) {
            return idOf(subject, schema);
        }

        @Override
        public int idOf(String subject, Schema schema) {
            for (var e : byId.entrySet()) {
                if (e.getValue().equals(schema)) {
                    return e.getKey();
                }
            }
            byId.put(byId.size() + 7, schema);
            return byId.size() + 6;
        }

        @Override
        public Schema schemaById(int id) {
            Schema s = byId.get(id);
            if (s == null) {
                throw new SchemaRegistryException(
                        "schema registry mem:// answered HTTP 404 while fetching schema id " + id + ": Schema " + id
                                + " not found",
                        404,
                        40403,
                        null);
            }
            return s;
        }

        @Override
        public String url() {
            return "mem://";
        }
    }

    static InventoryEvent event() {
        return InventoryEvent.newBuilder()
                .setEventId("e1")
                .setSource("POS")
                .setType(EventType.POS_SALE)
                .setSku("SKU-1")
                .setFacilityId("store-1")
                .setQohDiff(-1)
                .setAtpDiff(-1)
                .setOccurredAt(Instant.parse("2026-11-22T12:59:59Z"))
                .build();
    }

    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final AvroSerde<InventoryEvent> serde = new AvroSerde<>(InventoryEvent.class, RecordKind.VALUE, registry);

    @Test
    void shouldWriteMagicByteThenBigEndianSchemaIdThenAvro() {
        byte[] bytes = serde.serializer().serialize("inventory.events", event());

        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(7);
        assertThat(serde.deserializer().deserialize("inventory.events", bytes)).isEqualTo(event());
    }

    @Test
    void shouldNameTopicAndMagicByteWhenTheMagicByteIsWrong() {
        byte[] json = "{\"sku\":\"x\"}".getBytes();
        assertThatThrownBy(() -> serde.deserializer().deserialize("inventory.events", json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic inventory.events")
                .hasMessageContaining("unknown magic byte 0x7b");
    }

    @Test
    void shouldNameTheSchemaIdWhenItIsUnknown() {
        byte[] bytes = {0, 0, 0, 0, 42, 2, 4};
        assertThatThrownBy(() -> serde.deserializer().deserialize("inventory.events", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic inventory.events")
                .hasMessageContaining("schema id 42")
                .hasMessageContaining("not found");
    }

    @Test
    void shouldRefuseRecordsTooShortForTheHeader() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("2 bytes is too short");
    }

    @Test
    void shouldReportACorruptBody() {
        byte[] bytes = serde.serializer().serialize("inventory.events", event());
        byte[] truncated = java.util.Arrays.copyOf(bytes, 8);
        assertThatThrownBy(() -> serde.deserializer().deserialize("inventory.events", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("corrupt Avro body");
    }

    @Test
    void shouldPassNullThroughForTombstones() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}
