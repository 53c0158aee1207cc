package io.atpsync.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.schemas.EventType;
import io.atpsync.schemas.Facility;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.OnlineAtp;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.streams.config.Settings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus for {@code inventory.events}: each bad record sits between two good events of the same SKU. It
 * must land on the DLQ once, with the reason, topic and offset in headers, and both good events must count exactly
 * once. (File, config and webhook corpora live with their importers: ImportCommandIT, ConfigImportIT, WebhookBridgeIT,
 * PublishCommandIT.)
 */
class BadEventCorpusTest {

    /** Each driver's state directory, under one JUnit removes after the test. */
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;

    private static final String L1 = "gid://shopify/Location/1";
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private static final Topics TOPICS = Topics.DEFAULT;

    /** One bad record: how to send it, and what its DLQ message must say. */
    record Case(String name, Consumer<BadEventCorpusTest> send, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    private TopologyTestDriver driver;
    private TestInputTopic<String, InventoryEvent> events;
    private TestInputTopic<String, byte[]> raw;
    private TestOutputTopic<String, OnlineAtp> online;
    private TestOutputTopic<String, byte[]> dlq;
    private Serializer<InventoryEvent> serializer;
    private int seq;

    @BeforeEach
    void setUp() {
        Map<String, Object> serde = Map.of(RegistryClientConfig.URL, "mock://corpus-" + UUID.randomUUID());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "corpus");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir.resolve("corpus-" + UUID.randomUUID()).toString());
        driver = new TopologyTestDriver(AtpTopology.build(TOPICS, Settings.defaults(1, serde)), props, T0);
        StringSerializer s = new StringSerializer();
        serializer = TOPICS.inventoryEvents().valueSerde(serde).serializer();
        events = driver.createInputTopic(TOPICS.inventoryEvents().name(), s, serializer);
        raw = driver.createInputTopic(TOPICS.inventoryEvents().name(), s, new ByteArraySerializer());
        online = driver.createOutputTopic(
                TOPICS.onlineAtp().name(),
                new StringDeserializer(),
                TOPICS.onlineAtp().valueSerde(serde).deserializer());
        dlq = driver.createOutputTopic(
                TOPICS.dlq(TOPICS.inventoryEvents()), new StringDeserializer(), new ByteArrayDeserializer());
        driver.createInputTopic(
                        TOPICS.facilities().name(),
                        s,
                        TOPICS.facilities().valueSerde(serde).serializer())
                .pipeInput("store-1", new Facility("store-1", "Store 1", "STORE", true), T0);
        driver.createInputTopic(
                        TOPICS.locationMappings().name(),
                        s,
                        TOPICS.locationMappings().valueSerde(serde).serializer())
                .pipeInput(L1, new LocationMapping(L1, "demo.myshopify.com", List.of("store-1"), null, null), T0);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private InventoryEvent event(EventType type, String sku, long qoh, long atp) {
        return InventoryEvent.newBuilder()
                .setEventId("c" + (++seq))
                .setSource("TEST")
                .setType(type)
                .setSku(sku)
                .setFacilityId("store-1")
                .setQohDiff(qoh)
                .setAtpDiff(atp)
                .setOccurredAt(T0.plusSeconds(seq))
                .build();
    }

    private void send(InventoryEvent e) {
        events.pipeInput(e.getSku(), e, T0.plusSeconds(seq));
    }

    private void sendRaw(String key, byte[] bytes) {
        raw.pipeInput(key, bytes, T0.plusSeconds(++seq));
    }

    private static Case bad(String name, EventType type, long qoh, long atp, String reason) {
        return new Case(name, t -> t.send(t.event(type, "A", qoh, atp)), reason);
    }

    private static Case edited(String name, Consumer<InventoryEvent> edit, String reason) {
        return new Case(
                name,
                t -> {
                    InventoryEvent e = t.event(EventType.RECEIPT, "A", 1, 1);
                    edit.accept(e);
                    t.events.pipeInput("A", e, T0.plusSeconds(t.seq));
                },
                reason);
    }

    static List<Case> corpus() {
        return List.of(
                new Case(
                        "undeserializable bytes",
                        t -> t.sendRaw("A", new byte[] {0, 0, 0}),
                        "3 bytes is too short for the Confluent wire format"),
                new Case(
                        "wrong magic byte",
                        t -> t.sendRaw("A", "{\"sku\":\"A\"}".getBytes(StandardCharsets.UTF_8)),
                        "unknown magic byte 0x7b"),
                new Case(
                        "unknown schema id",
                        t -> {
                            byte[] b = t.serializer.serialize(
                                    TOPICS.inventoryEvents().name(), t.event(EventType.RECEIPT, "A", 1, 1));
                            ByteBuffer.wrap(b).putInt(1, 987_654);
                            t.sendRaw("A", b);
                        },
                        "987654"),
                new Case(
                        "truncated Avro body",
                        t -> {
                            byte[] b = t.serializer.serialize(
                                    TOPICS.inventoryEvents().name(), t.event(EventType.RECEIPT, "A", 1, 1));
                            t.sendRaw("A", java.util.Arrays.copyOf(b, 9));
                        },
                        "cannot read InventoryEvent from topic inventory.events"),
                new Case("null value", t -> t.sendRaw("A", null), "a null value is not an inventory event"),
                bad("RECEIPT with negative diffs", EventType.RECEIPT, -5, -5, "RECEIPT requires diffs > 0"),
                bad("RECEIPT with zero diffs", EventType.RECEIPT, 0, 0, "RECEIPT requires diffs > 0"),
                bad(
                        "TRANSFER_RECEIPT removing stock",
                        EventType.TRANSFER_RECEIPT,
                        -1,
                        -1,
                        "TRANSFER_RECEIPT requires diffs > 0"),
                bad("POS_SALE adding stock", EventType.POS_SALE, 1, 1, "POS_SALE requires diffs < 0"),
                bad("DAMAGED with zero diffs", EventType.DAMAGED, 0, 0, "DAMAGED requires diffs < 0"),
                bad("SHRINKAGE adding stock", EventType.SHRINKAGE, 2, 2, "SHRINKAGE requires diffs < 0"),
                bad("ADJUSTMENT of nothing", EventType.ADJUSTMENT, 0, 0, "ADJUSTMENT requires a non-zero diff"),
                bad(
                        "RESERVATION_CREATED moving qoh",
                        EventType.RESERVATION_CREATED,
                        -1,
                        -1,
                        "RESERVATION_CREATED requires qohDiff = 0"),
                bad(
                        "RESERVATION_CREATED adding ATP",
                        EventType.RESERVATION_CREATED,
                        0,
                        2,
                        "RESERVATION_CREATED requires qohDiff = 0 and atpDiff < 0"),
                bad(
                        "RESERVATION_RELEASED removing ATP",
                        EventType.RESERVATION_RELEASED,
                        0,
                        -2,
                        "RESERVATION_RELEASED requires qohDiff = 0 and atpDiff > 0"),
                bad(
                        "FULFILLED moving ATP",
                        EventType.FULFILLED,
                        -1,
                        -1,
                        "FULFILLED requires atpDiff = 0 and qohDiff < 0"),
                bad(
                        "FULFILLED adding qoh",
                        EventType.FULFILLED,
                        3,
                        0,
                        "FULFILLED requires atpDiff = 0 and qohDiff < 0"),
                bad(
                        "CYCLE_COUNT without a count",
                        EventType.CYCLE_COUNT,
                        0,
                        0,
                        "CYCLE_COUNT requires setQoh or setAtp"),
                edited(
                        "CYCLE_COUNT with diffs",
                        e -> {
                            e.setType(EventType.CYCLE_COUNT);
                            e.setSetQoh(4L);
                        },
                        "CYCLE_COUNT requires no diffs"),
                edited(
                        "RESET to a negative qoh",
                        e -> {
                            e.setType(EventType.RESET);
                            e.setQohDiff(0);
                            e.setAtpDiff(0);
                            e.setSetQoh(-3L);
                        },
                        "RESET requires setQoh >= 0"),
                edited("RECEIPT carrying setQoh", e -> e.setSetQoh(9L), "RECEIPT must not carry setQoh/setAtp"),
                edited(
                        "quantity beyond bounds",
                        e -> {
                            e.setQohDiff(2_000_000_000L);
                            e.setAtpDiff(2_000_000_000L);
                        },
                        "is beyond ±1000000000"),
                edited("blank eventId", e -> e.setEventId(" "), "eventId is blank"),
                edited(
                        "unknown event type (a newer schema's)",
                        e -> e.setType(EventType.UNKNOWN),
                        "unknown event type"),
                edited("SKU with the key separator", e -> e.setSku("A|B"), "unknown format"),
                edited("SKU of 129 characters", e -> e.setSku("S".repeat(129)), "unknown format"),
                edited("empty facilityId", e -> e.setFacilityId(""), "facilityId '' has an unknown format"),
                edited("formula injection as SKU", e -> e.setSku("=cmd|' /C calc'!A0"), "unknown format"),
                new Case(
                        "record key is not the SKU",
                        t -> t.events.pipeInput("B", t.event(EventType.RECEIPT, "A", 1, 1), T0.plusSeconds(t.seq)),
                        "record key 'B' is not its sku 'A'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aBadRecordGoesToTheDlqWithItsReasonAndTheGoodOnesAroundItCountOnce(Case c) {
        send(event(EventType.RECEIPT, "A", 10, 10));
        c.send().accept(this);
        send(event(EventType.RECEIPT, "A", 5, 5));

        List<TestRecord<String, byte[]>> letters = dlq.readRecordsToList();
        assertThat(letters).as("exactly one dead letter").hasSize(1);
        assertThat(header(letters.get(0), DeadLetter.MESSAGE))
                .as("reason")
                .isNotBlank()
                .contains(c.reason());
        assertThat(header(letters.get(0), DeadLetter.TOPIC))
                .isEqualTo(TOPICS.inventoryEvents().name());
        assertThat(header(letters.get(0), DeadLetter.OFFSET)).isEqualTo("1");
        assertThat(latest()).as("the good events around it, once each").containsEntry(L1 + "|A", 15L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aRepeatedBadRecordIsDeadLetteredAgainAndChangesNothing(Case c) {
        send(event(EventType.RECEIPT, "A", 10, 10));
        c.send().accept(this);
        c.send().accept(this);
        assertThat(dlq.readRecordsToList()).hasSize(2);
        assertThat(latest()).containsEntry(L1 + "|A", 10L);
    }

    private Map<String, Long> latest() {
        return online.readKeyValuesToMap().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getOnlineAtp()));
    }

    private static String header(TestRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
