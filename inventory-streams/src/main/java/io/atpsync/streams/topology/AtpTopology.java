package io.atpsync.streams.topology;

import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.InboundShipmentLine;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.Kit;
import io.atpsync.schemas.KitPart;
import io.atpsync.schemas.OnlineAtp;
import io.atpsync.schemas.ProductFacility;
import io.atpsync.schemas.ProductThreshold;
import io.atpsync.schemas.ShopifyOrder;
import io.atpsync.schemas.Topic;
import io.atpsync.schemas.Topics;
import io.atpsync.streams.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
import org.apache.kafka.streams.kstream.ValueMapper;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The online ATP topology: inventory events and configuration in, {@code atp.online} out.
 *
 * <pre>
 * inventory.events ── EventCheck ──┬── DeadLetter → inventory.events.dlq
 *                                  └── event ───────────────┐
 * product-facility ── by sku (repartition) ─────────────────┤
 * thresholds ──────── by sku (repartition) ─────────────────┤
 * shipments ───────── by sku (repartition, "incoming") ─────┼── AtpProcessor ─┬── atp.online
 * facilities ──────── to every partition (broadcast) ───────┤                 └── DeadLetter → dlq
 * location-mappings ─ to every partition (broadcast) ───────┤
 * facility-shares ─── to every partition (broadcast) ───────┤
 * kits ────────────── to every partition (broadcast) ───────┤
 * atp.kit-parts ───── a component's value, to its kit's task ┘  (AtpProcessor writes it: ── KitPart → atp.kit-parts)
 *
 * AtpProcessor's variances + SHOPIFY reservations ───────────┐
 * shopify.catalog ─── by sku (repartition) ─────────────────┤
 * shopify.orders ──── one per line, by sku (repartition) ───┼── ShopifyPushProcessor ── atp.adjustments
 * atp.control ─────── written to every partition ───────────┘   (wall-clock windows, batches, hard sync)
 *
 * shopify.inventory-levels ── global table (Shopify's last known level, for the dashboard and audits)
 * </pre>
 *
 * A function of its inputs: it reads no environment and starts nothing.
 */
public final class AtpTopology {

    private AtpTopology() {}

    public static Topology build(Topics topics, Settings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<String> strings = Serdes.String();
        Topic<InventoryEvent> eventsTopic = topics.inventoryEvents();
        Serde<InventoryEvent> eventSerde = eventsTopic.valueSerde(settings.serdeConfigs());

        KStream<String, Object> checked = builder.stream(eventsTopic.name(), Consumed.with(strings, Serdes.ByteArray()))
                .process(() -> new EventCheck(eventSerde.deserializer()), Named.as("event-check"));
        KStream<String, AtpInput> events = checked.split(Named.as("checked-"))
                .branch(
                        (k, v) -> v instanceof DeadLetter,
                        Branched.withConsumer(dlq -> toDeadLetters(dlq, topics), "dead"))
                .defaultBranch(Branched.as("valid"))
                .get("checked-valid")
                .mapValues(v -> (AtpInput) new AtpInput.Event((InventoryEvent) v), Named.as("as-event"));

        KStream<String, AtpInput> productFacility = bySku(
                        builder,
                        topics.productFacility(),
                        settings,
                        (key, v) -> v != null ? v : ConfigTombstones.productFacility(key),
                        ProductFacility::getSku,
                        "product-facility-by-sku")
                .mapValues(input(AtpInput.ProductFacilitySetting::new), Named.as("product-facility-by-sku-merge"));
        KStream<String, AtpInput> thresholds = bySku(
                        builder,
                        topics.thresholds(),
                        settings,
                        (key, v) -> v != null ? v : ConfigTombstones.threshold(key),
                        ProductThreshold::getSku,
                        "thresholds-by-sku")
                .mapValues(input(AtpInput.Threshold::new), Named.as("thresholds-by-sku-merge"));
        KStream<String, AtpInput> shipments = bySku(
                        builder,
                        topics.shipments(),
                        settings,
                        (key, v) -> v != null ? v : ConfigTombstones.shipment(key),
                        InboundShipmentLine::getSku,
                        "shipments-by-sku")
                .mapValues(input(AtpInput.Shipment::new), Named.as("shipments-by-sku-merge"));
        KStream<String, AtpInput> facilities = broadcast(
                        builder,
                        topics.facilities(),
                        settings,
                        (key, v) -> v != null ? v : ConfigTombstones.facility(key),
                        "facility-broadcast")
                .mapValues(input(AtpInput.FacilityChange::new), Named.as("facility-broadcast-merge"));
        KStream<String, AtpInput> mappings = broadcast(
                        builder,
                        topics.locationMappings(),
                        settings,
                        (key, v) -> v != null ? v : ConfigTombstones.mapping(key),
                        "location-mapping-broadcast")
                .mapValues(input(AtpInput.Mapping::new), Named.as("location-mapping-broadcast-merge"));

        KStream<String, AtpInput> shares = broadcast(
                        builder,
                        topics.facilityShares(),
                        settings,
                        (key, v) -> v != null ? v : ConfigTombstones.share(key),
                        "facility-share-broadcast")
                .mapValues(input(AtpInput.Share::new), Named.as("facility-share-broadcast-merge"));

        KStream<String, AtpInput> kits = broadcast(
                        builder,
                        topics.kits(),
                        settings,
                        (key, v) -> v != null ? v : new Kit(key, List.of()),
                        "kit-broadcast")
                .mapValues(input(AtpInput.KitDefinition::new), Named.as("kit-broadcast-merge"));
        Serde<KitPart> kitPartSerde = topics.kitParts().valueSerde(settings.serdeConfigs());
        KStream<String, AtpInput> kitParts = builder.stream(
                        topics.kitParts().name(), Consumed.with(strings, kitPartSerde))
                .filter((k, v) -> v != null, Named.as("kit-parts-present"))
                .mapValues(v -> (AtpInput) new AtpInput.Part(v), Named.as("kit-parts-merge"));

        Serde<OnlineAtp> onlineSerde = topics.onlineAtp().valueSerde(settings.serdeConfigs());
        AtpStores.builders(onlineSerde, settings).forEach(builder::addStateStore);
        KStream<String, Object> results = events.merge(productFacility, Named.as("merge-product-facility"))
                .merge(thresholds, Named.as("merge-thresholds"))
                .merge(shipments, Named.as("merge-shipments"))
                .merge(facilities, Named.as("merge-facilities"))
                .merge(mappings, Named.as("merge-mappings"))
                .merge(shares, Named.as("merge-facility-shares"))
                .merge(kits, Named.as("merge-kits"))
                .merge(kitParts, Named.as("merge-kit-parts"))
                .process(
                        () -> new AtpProcessor(settings, eventSerde, eventsTopic.name()),
                        Named.as("online-atp"),
                        AtpStores.atpStores());
        Map<String, KStream<String, Object>> branches = results.split(Named.as("results-"))
                .branch(
                        (k, v) -> v instanceof DeadLetter,
                        Branched.withConsumer(dlq -> toDeadLetters(dlq, topics), "dead"))
                .branch(
                        (k, v) -> v instanceof OnlineAtp,
                        Branched.withConsumer(
                                atp -> atp.mapValues(v -> (OnlineAtp) v, Named.as("as-online-atp"))
                                        .to(topics.onlineAtp().name(), Produced.with(strings, onlineSerde)),
                                "online"))
                .branch(
                        (k, v) -> v instanceof KitPart,
                        Branched.withConsumer(
                                part -> part.mapValues(v -> (KitPart) v, Named.as("as-kit-part"))
                                        .to(topics.kitParts().name(), Produced.with(strings, kitPartSerde)),
                                "kit-part"))
                .defaultBranch(Branched.as("to-shopify"));

        KStream<String, PushInput> catalog = bySku(
                        builder, topics.catalog(), settings, (key, v) -> v, CatalogItem::getSku, "catalog-by-sku")
                .filter((k, v) -> v != null)
                .mapValues(v -> (PushInput) new PushInput.Catalogued(v));
        KStream<String, PushInput> orders = ordersBySku(builder, topics.shopifyOrders(), settings);
        KStream<String, PushInput> control = builder.stream(
                        topics.control().name(),
                        Consumed.with(strings, topics.control().valueSerde(settings.serdeConfigs())))
                .filter((k, v) -> v != null, Named.as("hard-sync-requests"))
                .mapValues(v -> (PushInput) new PushInput.HardSync(v));
        builder.globalTable(
                topics.shopifyLevels().name(),
                Consumed.with(strings, topics.shopifyLevels().valueSerde(settings.serdeConfigs())),
                org.apache.kafka.streams.kstream.Materialized.as(AtpStores.SHOPIFY_LEVELS));
        Serde<AdjustmentBatch> batchSerde = topics.adjustments().valueSerde(settings.serdeConfigs());
        branches.get("results-to-shopify")
                .mapValues(AtpTopology::asPushInput, Named.as("as-push-input"))
                .merge(catalog, Named.as("merge-catalog"))
                .merge(orders, Named.as("merge-orders"))
                .merge(control, Named.as("merge-control"))
                .process(() -> new ShopifyPushProcessor(settings), Named.as("push-to-shopify"), AtpStores.pushStores())
                .to(topics.adjustments().name(), Produced.with(strings, batchSerde));
        return builder.build();
    }

    /** What the online ATP processor sends on to the push processor (neither dead letters nor online ATP). */
    private static PushInput asPushInput(Object value) {
        if (value instanceof PushInput input) {
            return input;
        }
        throw new IllegalArgumentException("not an input of the push processor: " + value);
    }

    /** Wraps a value as the online ATP processor's input (a null stays null: nothing to process). */
    private static <V> ValueMapper<V, AtpInput> input(Function<V, AtpInput> wrap) {
        return v -> v == null ? null : wrap.apply(v);
    }

    /** A config tombstone becomes a neutral record: the key is all that is left of what was removed. */
    @FunctionalInterface
    interface Neutral<V> {
        V apply(String key, V value);
    }

    private static <V extends SpecificRecord> KStream<String, V> bySku(
            StreamsBuilder builder,
            Topic<V> topic,
            Settings settings,
            Neutral<V> neutral,
            Function<V, String> sku,
            String name) {
        Serde<V> serde = topic.valueSerde(settings.serdeConfigs());
        return builder.stream(topic.name(), Consumed.with(Serdes.String(), serde))
                .map(
                        (k, v) -> {
                            V value = neutral.apply(k, v);
                            return KeyValue.pair(value == null ? k : sku.apply(value), value);
                        },
                        Named.as(name + "-key"))
                .repartition(Repartitioned.<String, V>as(name)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(serde)
                        .withNumberOfPartitions(settings.partitions()));
    }

    /** One record per order line, keyed by its SKU: pending orders live with the SKU's other state. */
    private static KStream<String, PushInput> ordersBySku(
            StreamsBuilder builder, Topic<ShopifyOrder> topic, Settings settings) {
        Serde<ShopifyOrder> serde = topic.valueSerde(settings.serdeConfigs());
        return builder.stream(topic.name(), Consumed.with(Serdes.String(), serde))
                .filter((k, v) -> v != null, Named.as("shopify-orders-present"))
                .flatMap(
                        (k, order) -> order.getLines().stream()
                                .map(line -> KeyValue.pair(
                                        line.getSku(),
                                        ShopifyOrder.newBuilder(order)
                                                .setLines(List.of(line))
                                                .build()))
                                .toList(),
                        Named.as("shopify-order-lines"))
                .repartition(Repartitioned.<String, ShopifyOrder>as("shopify-orders-by-sku")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(serde)
                        .withNumberOfPartitions(settings.partitions()))
                .mapValues(v -> (PushInput) new PushInput.Order(v), Named.as("shopify-orders-merge"));
    }

    private static <V extends SpecificRecord> KStream<String, V> broadcast(
            StreamsBuilder builder, Topic<V> topic, Settings settings, Neutral<V> neutral, String name) {
        Serde<V> serde = topic.valueSerde(settings.serdeConfigs());
        StreamPartitioner<String, V> everyPartition = new BroadcastPartitioner<>();
        return builder.stream(topic.name(), Consumed.with(Serdes.String(), serde))
                .mapValues(neutral::apply, Named.as(name + "-neutral"))
                .repartition(Repartitioned.<String, V>as(name)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(serde)
                        .withNumberOfPartitions(settings.partitions())
                        .withStreamPartitioner(everyPartition));
    }

    private static void toDeadLetters(KStream<String, Object> letters, Topics topics) {
        letters.mapValues(v -> ((DeadLetter) v).value())
                .to(topics.dlq(topics.inventoryEvents()), Produced.with(Serdes.String(), Serdes.ByteArray()));
    }
}
