package io.atpsync.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atpsync.streams.hardsync.HardSyncStatus;
import io.atpsync.streams.state.StoreKeys.CatalogEntry;
import io.atpsync.streams.state.StoreKeys.FacilityHolds;
import io.atpsync.streams.state.StoreKeys.HardSyncTask;
import io.atpsync.streams.state.StoreKeys.HeldVariance;
import io.atpsync.streams.state.StoreKeys.OrphanCompensation;
import io.atpsync.streams.state.StoreKeys.PendingLine;
import io.atpsync.streams.state.StoreKeys.PositionDelta;
import io.atpsync.streams.state.StoreKeys.ScheduledAt;
import io.atpsync.streams.state.StoreKeys.ScheduledFor;
import io.atpsync.streams.state.StoreKeys.ShipmentLine;
import io.atpsync.streams.state.StoreKeys.SkuAtFacility;
import io.atpsync.streams.state.StoreKeys.SkuAtLocation;
import io.atpsync.streams.state.StoreKeys.Variance;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The typed store keys write the bytes the stores held when their keys were strings (the layouts documented in
 * AtpStores), so state and changelogs written by an earlier version read the same.
 */
class StoreKeysTest {

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of(StoreKeys.skuAtFacility(), new SkuAtFacility("TEE-M", "DC-1"), "TEE-M|DC-1"),
                Arguments.of(StoreKeys.facilityHolds(), new FacilityHolds("DC-1", "TEE-M"), "DC-1|TEE-M"),
                Arguments.of(
                        StoreKeys.skuAtLocation(),
                        new SkuAtLocation("TEE-M", "gid://shopify/Location/1"),
                        "TEE-M|gid://shopify/Location/1"),
                Arguments.of(StoreKeys.skuAtLocation(), new SkuAtLocation("TEE-M", "*"), "TEE-M|*"),
                Arguments.of(StoreKeys.shipmentLine(), new ShipmentLine("TEE-M", "DC-1", "PO-7"), "TEE-M|DC-1|PO-7"),
                Arguments.of(
                        StoreKeys.orphanCompensation(),
                        new OrphanCompensation("gid://shopify/Location/1", "TEE-M", "correction"),
                        "gid://shopify/Location/1|TEE-M|correction"),
                Arguments.of(
                        StoreKeys.positionDelta(),
                        new PositionDelta("TEE-M", "DC-1", 0),
                        "TEE-M|DC-1|8000000000000000"),
                Arguments.of(
                        StoreKeys.positionDelta(),
                        new PositionDelta("TEE-M", "DC-1", -1),
                        "TEE-M|DC-1|7fffffffffffffff"),
                Arguments.of(
                        StoreKeys.scheduledAt(),
                        new ScheduledAt(0x10, "restock|PO-7"), // an event id may hold the separator: last field
                        "8000000000000010|restock|PO-7"),
                Arguments.of(
                        StoreKeys.scheduledFor(),
                        new ScheduledFor("TEE-M", "DC-1", 0x10, "e-1"),
                        "TEE-M|DC-1|8000000000000010|e-1"),
                Arguments.of(
                        StoreKeys.variance(),
                        new Variance("TEE-M", "demo.myshopify.com", "gid://shopify/Location/1", "received"),
                        "TEE-M|demo.myshopify.com|gid://shopify/Location/1|received"),
                Arguments.of(
                        StoreKeys.catalogEntry(),
                        new CatalogEntry("demo.myshopify.com", "TEE-M"),
                        "demo.myshopify.com|TEE-M"),
                Arguments.of(
                        StoreKeys.heldVariance(),
                        new HeldVariance("demo.myshopify.com", "TEE-M", "gid://shopify/Location/1", "received"),
                        "demo.myshopify.com|TEE-M|gid://shopify/Location/1|received"),
                Arguments.of(
                        StoreKeys.pendingLine(),
                        new PendingLine("TEE-M", "gid://shopify/Order/1001"),
                        "TEE-M|gid://shopify/Order/1001"),
                Arguments.of(StoreKeys.hardSyncTask(), new HardSyncTask("hs-1", 3), "hs-1|3"),
                // Only the last field may hold the separator: a reason or an order id read back whole.
                Arguments.of(StoreKeys.pendingLine(), new PendingLine("TEE-M", "a|b"), "TEE-M|a|b"));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    <K> void shouldWriteTheLayoutTheStoreHadAsAStringAndReadItBack(Serde<K> serde, K key, String layout) {
        byte[] bytes = serde.serializer().serialize("store-changelog", key);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(layout);
        assertThat(serde.deserializer().deserialize("store-changelog", layout.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(key);
    }

    @Test
    void shouldOrderADeltasBytesByItsTimeNegativeTimesIncluded() {
        long[] times = {Long.MIN_VALUE, -86_400_000L, -1, 0, 1, 1_700_000_000_000L, 1_700_000_000_001L, Long.MAX_VALUE};
        List<String> keys = new ArrayList<>();
        for (long t : times) {
            byte[] bytes = StoreKeys.positionDelta().serializer().serialize("t", new PositionDelta("SKU", "F1", t));
            keys.add(new String(bytes, StandardCharsets.UTF_8));
            assertThat(StoreKeys.positionDelta()
                            .deserializer()
                            .deserialize("t", bytes)
                            .time())
                    .isEqualTo(t);
        }
        assertThat(keys).isSorted();
    }

    @Test
    void shouldScanByLeadingFields() {
        byte[] prefix = StoreKeys.leading().serialize("t", List.of("demo.myshopify.com", "TEE-M"));
        byte[] key = StoreKeys.heldVariance()
                .serializer()
                .serialize("t", new HeldVariance("demo.myshopify.com", "TEE-M", "L1", "received"));
        byte[] longerSku = StoreKeys.heldVariance()
                .serializer()
                .serialize("t", new HeldVariance("demo.myshopify.com", "TEE-MX", "L1", "received"));

        assertThat(startsWith(key, prefix)).isTrue();
        assertThat(startsWith(longerSku, prefix)).as("TEE-MX is not TEE-M").isFalse();
    }

    @Test
    void shouldNameTheKeyThatHasTooFewFields() {
        assertThatThrownBy(() -> StoreKeys.variance()
                        .deserializer()
                        .deserialize("t", "TEE-M|demo.myshopify.com".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessage("store key \"TEE-M|demo.myshopify.com\" has 2 of its 4 fields");
        assertThatThrownBy(() -> StoreKeys.hardSyncTask()
                        .deserializer()
                        .deserialize("t", "hs-1|x".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a partition number");
    }

    @Test
    void shouldReadAHardSyncStatusStoredAsTextByAnEarlierVersion() {
        HardSyncStatus status = new HardSyncStatus(4, 1, Instant.parse("2026-12-03T10:00:00Z"));
        Serde<HardSyncStatus> serde = StateSerdes.hardSyncStatus();
        byte[] legacy = "4 targets sent, 1 unmapped (no catalog entry), cut over at 2026-12-03T10:00:00Z"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(serde.deserializer().deserialize("t", legacy)).isEqualTo(status);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", status)))
                .isEqualTo(status);
        assertThat(serde.serializer().serialize("t", status)[0]).as("format 1").isEqualTo((byte) 1);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", "4 of them".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a hard-sync status");
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(Arrays.copyOf(bytes, prefix.length), prefix);
    }

    @Test
    void shouldOrderScheduledChangesByTimeSoTheDueOnesAreARangeFromTheStart() {
        Serde<ScheduledAt> serde = StoreKeys.scheduledAt();
        List<String> keys = new ArrayList<>();
        for (long t : new long[] {1_900_000_000_000L, -5, 1_800_000_000_000L, 0}) {
            keys.add(new String(serde.serializer().serialize("", new ScheduledAt(t, "e")), StandardCharsets.UTF_8));
        }
        keys.sort(null);
        assertThat(keys)
                .extracting(k -> serde.deserializer()
                        .deserialize("", k.getBytes(StandardCharsets.UTF_8))
                        .time())
                .containsExactly(-5L, 0L, 1_800_000_000_000L, 1_900_000_000_000L);
    }

    @Test
    void shouldReadAScheduledChangeAsItWasWritten() {
        Serde<ScheduledChange> serde = ScheduledChange.serde();
        for (ScheduledChange c : List.of(
                new ScheduledChange("e-1", "DC-1", "RECEIPT", 10, 10, null, null, 1_800_000_000_000L),
                new ScheduledChange("e-2", "DC-1", "CYCLE_COUNT", 0, 0, 20L, 18L, 1_800_000_000_001L))) {
            assertThat(serde.deserializer().deserialize("", serde.serializer().serialize("", c)))
                    .isEqualTo(c);
        }
    }
}
