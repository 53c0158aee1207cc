package io.atpsync.schemas;

import io.atpsync.schemas.registry.SchemaRegistryClient;
import io.atpsync.schemas.serde.AvroSerde;
import io.atpsync.schemas.serde.RecordKind;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * One contract topic: its name, the record its values hold, how it is cleaned up and how a value's key is derived (the
 * key rule of DESIGN.md's topic table).
 *
 * @param name the topic name
 * @param valueType the generated Avro class of its values
 * @param cleanupPolicy {@code delete} or {@code compact}
 * @param retentionMs retention for {@code delete} topics, -1 = the broker default
 * @param keyOf the record key of a value (null where the topic has no key)
 */
public record Topic<V extends SpecificRecord>(
        String name, Class<V> valueType, String cleanupPolicy, long retentionMs, Function<V, String> keyOf) {

    /**
     * Config naming another {@code Serde} class for values, e.g.
     * {@code io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde}; it gets the same configuration.
     */
    public static final String VALUE_SERDE_CLASS = "atpsync.value.serde.class";

    /** The record key of {@code value}. */
    public String keyOf(SpecificRecord value) {
        return keyOf.apply(valueType.cast(value));
    }

    /** Broker configs the topic is created with. */
    public Map<String, String> configs() {
        Map<String, String> configs = new HashMap<>();
        configs.put("cleanup.policy", cleanupPolicy);
        if (retentionMs != -1) {
            configs.put("retention.ms", Long.toString(retentionMs));
        }
        return configs;
    }

    /** Our Confluent-wire-format serde on a shared registry client (caches shared too). */
    public Serde<V> valueSerde(SchemaRegistryClient registry) {
        return new AvroSerde<>(valueType, RecordKind.VALUE, registry);
    }

    /**
     * The value serde the configuration asks for: ours by default, or the class named by {@link #VALUE_SERDE_CLASS};
     * configured with {@code configs} either way.
     */
    @SuppressWarnings("unchecked")
    public Serde<V> valueSerde(Map<String, ?> configs) {
        Object custom = configs.get(VALUE_SERDE_CLASS);
        Serde<V> serde;
        if (custom == null) {
            serde = new AvroSerde<>(valueType, RecordKind.VALUE);
        } else {
            try {
                serde = (Serde<V>) Class.forName(custom.toString())
                        .getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException(
                        VALUE_SERDE_CLASS + "=" + custom + " cannot be instantiated: " + e, e);
            }
        }
        serde.configure(configs, false);
        return serde;
    }
}
