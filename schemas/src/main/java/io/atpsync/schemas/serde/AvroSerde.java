package io.atpsync.schemas.serde;

import io.atpsync.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Confluent-wire-format Avro for one generated record type, as a Kafka {@link Serde}. Configured with
 * {@code schema.registry.url} (and optionally {@code basic.auth.user.info}, {@code bearer.auth.token},
 * {@code auto.register.schemas}); Confluent's {@code SpecificAvroSerde} reads and writes the same bytes.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    /** A serde whose registry client comes from {@link #configure}. */
    public AvroSerde(Class<T> type, RecordKind kind) {
        this(type, kind, null);
    }

    /** A serde sharing {@code registry} (its caches) with others. */
    public AvroSerde(Class<T> type, RecordKind kind, SchemaRegistryClient registry) {
        this.serializer = new AvroSerializer<>(registry, kind);
        this.deserializer = new AvroDeserializer<>(type, registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
