package io.atpsync.schemas.serde;

import io.atpsync.schemas.registry.SchemaRegistryClient;
import io.atpsync.schemas.registry.SchemaRegistryClients;
import io.atpsync.schemas.registry.SchemaRegistryException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro into a generated class, resolving the writer's schema (looked up once per id)
 * against the class's schema, so older and newer writers both read. Errors name the topic, the schema id and the cause;
 * the consumer's {@code RecordDeserializationException} (or the Streams DLQ handler) adds partition and offset.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Class<T> type;
    private final Schema readerSchema;
    private SchemaRegistryClient registry;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    public AvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
        WireFormat.init();
        this.type = type;
        this.readerSchema = SpecificData.get().getSchema(type);
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = SchemaRegistryClients.create(configs);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        String what = type.getSimpleName() + " from topic " + topic;
        if (data.length < WireFormat.HEADER_LENGTH) {
            throw new SerializationException("cannot read " + what + ": " + data.length
                    + " bytes is too short for the Confluent wire format (magic byte + 4-byte schema id)");
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "cannot read %s: unknown magic byte 0x%02x (expected 0x00: "
                            + "Avro through a schema registry, Confluent wire format)",
                    what, data[0]));
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        int id = WireFormat.schemaId(buffer);
        SpecificDatumReader<T> reader;
        try {
            reader = readers.computeIfAbsent(id, k -> new SpecificDatumReader<>(registry.schemaById(k), readerSchema));
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "cannot read " + what + " written with schema id " + id + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SerializationException(
                    "cannot read " + what + ": writer schema id " + id + " does not resolve to " + type.getSimpleName()
                            + ": " + e.getMessage(),
                    e);
        }
        try {
            return reader.read(
                    null,
                    DecoderFactory.get()
                            .binaryDecoder(
                                    data, WireFormat.HEADER_LENGTH, data.length - WireFormat.HEADER_LENGTH, null));
        } catch (Exception e) {
            throw new SerializationException(
                    "cannot read " + what + " (schema id " + id + "): corrupt Avro body: " + e.getMessage(), e);
        }
    }
}
