package io.atpsync.streams;

import io.atpsync.schemas.Facility;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.ProductFacility;
import io.atpsync.schemas.ProductThreshold;
import io.atpsync.schemas.Topic;
import io.atpsync.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The online ATP topology: inventory events and configuration in, {@code atp.online} out.
 * <pre>
 * inventory.events ── EventCheck ──┬── DeadLetter → inventory.events.dlq
 *                                  └── event ───────────────┐
 * product-facility ── by sku (repartition) ─────────────────┤
 * thresholds ──────── by sku (repartition) ─────────────────┼── AtpProcessor ─┬── atp.online
 * facilities ──────── to every partition (broadcast) ───────┤                 └── DeadLetter → dlq
 * location-mappings ─ to every partition (broadcast) ───────┘
 * </pre>
 * A function of its inputs: it reads no environment and starts nothing.
 */
public final class AtpTopology {

    private AtpTopology() {
    }

    public static Topology build(Topics topics, Settings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<String> strings = Serdes.String();
        Topic<InventoryEvent> eventsTopic = topics.inventoryEvents();
        Serde<InventoryEvent> eventSerde = eventsTopic.valueSerde(settings.serdeConfigs());

        KStream<String, Object> checked = builder.stream(eventsTopic.name(), Consumed.with(strings, Serdes.ByteArray()))
                .process(() -> new EventCheck(eventSerde.deserializer()), Named.as("event-check"));
        KStream<String, SpecificRecord> events = checked
                .split(Named.as("checked-"))
                .branch((k, v) -> v instanceof DeadLetter, Branched.withConsumer(dlq -> toDeadLetters(dlq, topics), "dead"))
                .defaultBranch(Branched.as("valid"))
                .get("checked-valid")
                .mapValues(v -> (SpecificRecord) v, Named.as("as-event"));

        KStream<String, SpecificRecord> productFacility = bySku(builder, topics.productFacility(), settings,
                (key, v) -> v != null ? v : ConfigTombstones.productFacility(key), ProductFacility::getSku, "product-facility-by-sku");
        KStream<String, SpecificRecord> thresholds = bySku(builder, topics.thresholds(), settings,
                (key, v) -> v != null ? v : ConfigTombstones.threshold(key), ProductThreshold::getSku, "thresholds-by-sku");
        KStream<String, SpecificRecord> facilities = broadcast(builder, topics.facilities(), settings,
                (key, v) -> v != null ? v : ConfigTombstones.facility(key), "facility-broadcast");
        KStream<String, SpecificRecord> mappings = broadcast(builder, topics.locationMappings(), settings,
                (key, v) -> v != null ? v : ConfigTombstones.mapping(key), "location-mapping-broadcast");

        Serde<io.atpsync.schemas.OnlineAtp> onlineSerde = topics.onlineAtp().valueSerde(settings.serdeConfigs());
        AtpStores.builders(onlineSerde, settings.dedupRetention()).forEach(builder::addStateStore);
        KStream<String, Object> results = events.merge(productFacility, Named.as("merge-product-facility"))
                .merge(thresholds, Named.as("merge-thresholds"))
                .merge(facilities, Named.as("merge-facilities"))
                .merge(mappings, Named.as("merge-mappings"))
                .process(() -> new AtpProcessor(settings, eventSerde.serializer()), Named.as("online-atp"), AtpStores.names());
        results.split(Named.as("results-"))
                .branch((k, v) -> v instanceof DeadLetter, Branched.withConsumer(dlq -> toDeadLetters(dlq, topics), "dead"))
                .defaultBranch(Branched.withConsumer(atp -> atp
                        .mapValues(v -> (io.atpsync.schemas.OnlineAtp) v, Named.as("as-online-atp"))
                        .to(topics.onlineAtp().name(), Produced.with(strings, onlineSerde)), "online"));
        return builder.build();
    }

    /** A config tombstone becomes a neutral record: the key is all that is left of what was removed. */
    @FunctionalInterface
    interface Neutral<V> {
        V apply(String key, V value);
    }

    private static <V extends SpecificRecord> KStream<String, SpecificRecord> bySku(StreamsBuilder builder, Topic<V> topic,
            Settings settings, Neutral<V> neutral, java.util.function.Function<V, String> sku, String name) {
        Serde<V> serde = topic.valueSerde(settings.serdeConfigs());
        return builder.stream(topic.name(), Consumed.with(Serdes.String(), serde))
                .map((k, v) -> {
                    V value = neutral.apply(k, v);
                    return KeyValue.pair(sku.apply(value), value);
                }, Named.as(name + "-key"))
                .repartition(Repartitioned.<String, V>as(name).withKeySerde(Serdes.String()).withValueSerde(serde)
                        .withNumberOfPartitions(settings.partitions()))
                .mapValues(v -> (SpecificRecord) v, Named.as(name + "-merge"));
    }

    private static <V extends SpecificRecord> KStream<String, SpecificRecord> broadcast(StreamsBuilder builder, Topic<V> topic,
            Settings settings, Neutral<V> neutral, String name) {
        Serde<V> serde = topic.valueSerde(settings.serdeConfigs());
        StreamPartitioner<String, V> everyPartition = new BroadcastPartitioner<>();
        return builder.stream(topic.name(), Consumed.with(Serdes.String(), serde))
                .mapValues(neutral::apply, Named.as(name + "-neutral"))
                .repartition(Repartitioned.<String, V>as(name).withKeySerde(Serdes.String()).withValueSerde(serde)
                        .withNumberOfPartitions(settings.partitions()).withStreamPartitioner(everyPartition))
                .mapValues(v -> (SpecificRecord) v, Named.as(name + "-merge"));
    }

    private static void toDeadLetters(KStream<String, Object> letters, Topics topics) {
        letters.mapValues(v -> ((DeadLetter) v).value())
                .to(topics.dlq(topics.inventoryEvents()), Produced.with(Serdes.String(), Serdes.ByteArray()));
    }
}
