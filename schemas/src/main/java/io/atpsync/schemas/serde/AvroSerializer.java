package io.atpsync.schemas.serde;

import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.schemas.registry.SchemaRegistryClient;
import io.atpsync.schemas.registry.SchemaRegistryClients;
import io.atpsync.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a generated Avro record in the Confluent wire format, registering its schema under {@code <topic>-value} (or
 * {@code -key}) unless {@code auto.register.schemas=false}.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    public static final String AUTO_REGISTER = "auto.register.schemas";

    private final RecordKind kind;
    private SchemaRegistryClient registry;
    private boolean autoRegister = true;
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();

    /** Per subject, the id of the schema instance last written there: generated classes share one Schema instance. */
    private record CachedId(Schema schema, int id) {}

    private final Map<String, CachedId> ids = new ConcurrentHashMap<>();

    /** For configuration by Kafka ({@link #configure} creates the registry client). */
    public AvroSerializer() {
        this(null, RecordKind.VALUE);
    }

    public AvroSerializer(SchemaRegistryClient registry, RecordKind kind) {
        WireFormat.init();
        this.registry = registry;
        this.kind = kind;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = SchemaRegistryClients.create(configs);
        }
        Object auto = configs.get(AUTO_REGISTER);
        autoRegister = auto == null || Boolean.parseBoolean(auto.toString());
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new SerializationException(
                    "Avro serializer for topic " + topic + " is not configured: set " + RegistryClientConfig.URL);
        }
        String subject = kind.subject(topic);
        Schema schema = record.getSchema();
        CachedId last = ids.get(subject);
        int id;
        try {
            if (last != null && last.schema() == schema) {
                id = last.id(); // skips Schema.toString(), which the profiler showed dominating the hot path
            } else {
                id = autoRegister ? registry.register(subject, schema) : registry.idOf(subject, schema);
                ids.put(subject, new CachedId(schema, id));
            }
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "cannot serialize " + record.getSchema().getName() + " for topic " + topic + ": " + e.getMessage(),
                    e);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(128);
            out.write(WireFormat.MAGIC_BYTE);
            out.write(new byte[] {(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writerFor(record).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "cannot serialize " + record.getSchema().getName() + " for topic " + topic + ": " + e.getMessage(),
                    e);
        }
    }

    @SuppressWarnings("unchecked")
    private SpecificDatumWriter<T> writerFor(T record) {
        return writers.computeIfAbsent(
                record.getSchema(), s -> new SpecificDatumWriter<>((Class<T>) record.getClass()));
    }
}
