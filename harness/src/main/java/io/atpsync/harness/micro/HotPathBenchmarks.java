package io.atpsync.harness.micro;

import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.registry.InMemorySchemaRegistry;
import io.atpsync.schemas.serde.AvroSerde;
import io.atpsync.schemas.serde.RecordKind;
import io.atpsync.streams.atp.FacilityPosition;
import io.atpsync.streams.atp.OnlineAtpBreakdown;
import io.atpsync.streams.atp.OnlineAtpFormula;
import io.atpsync.streams.variance.Batches;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * B6: the pure logic on the hot path of every event — the online ATP formula over a location's facilities, batch
 * building for Shopify, and the Avro wire format each record crosses twice.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmarks {

    /** A location's facilities for one SKU, some excluded, as the ATP processor hands them over. */
    @State(Scope.Benchmark)
    public static class Location {
        @Param({"1", "10", "50"})
        public int facilities;

        List<FacilityPosition> positions;

        @Setup
        public void setUp() {
            Random random = new Random(6);
            positions = new ArrayList<>(facilities);
            for (int i = 0; i < facilities; i++) {
                long atp = random.nextInt(200) - 20;
                positions.add(new FacilityPosition("f" + i, atp + 5, atp, random.nextInt(5), i % 7 != 3, i % 11 != 5));
            }
        }
    }

    /** Changes waiting in one window, to be cut into Shopify mutations of at most 250. */
    @State(Scope.Benchmark)
    public static class Window {
        @Param({"250", "10000"})
        public int changes;

        List<long[]> pending;

        @Setup
        public void setUp() {
            pending = new ArrayList<>(changes);
            for (int i = 0; i < changes; i++) {
                pending.add(new long[] {i, 100 - i % 7, i % 3});
            }
        }
    }

    /** One inventory event and its bytes, with the schema already registered as at steady state. */
    @State(Scope.Benchmark)
    public static class Wire {
        AvroSerde<InventoryEvent> serde;
        InventoryEvent event;
        byte[] bytes;

        @Setup
        public void setUp() {
            serde = new AvroSerde<>(InventoryEvent.class, RecordKind.VALUE, InMemorySchemaRegistry.scope("jmh"));
            event = InventoryEvent.newBuilder()
                    .setEventId("pos-000123-4567")
                    .setSource("POS")
                    .setType(EventType.POS_SALE)
                    .setSku("SKU-004711")
                    .setFacilityId("store-031")
                    .setQohDiff(-1)
                    .setAtpDiff(-1)
                    .setOccurredAt(Instant.parse("2026-11-23T10:15:30Z"))
                    .build();
            bytes = serde.serializer().serialize("inventory.events", event);
        }
    }

    @Benchmark
    public OnlineAtpBreakdown onlineAtpFormula(Location l) {
        return OnlineAtpFormula.compute(l.positions, 5, -2);
    }

    @Benchmark
    public long buildBatches(Window w) {
        long units = 0;
        for (List<long[]> batch : Batches.split(w.pending, Batches.SHOPIFY_MAX_CHANGES)) {
            for (long[] change : batch) {
                units += Batches.target(change[1], change[2]);
            }
        }
        return units;
    }

    @Benchmark
    public byte[] avroSerialize(Wire w) {
        return w.serde.serializer().serialize("inventory.events", w.event);
    }

    @Benchmark
    public InventoryEvent avroDeserialize(Wire w) {
        return w.serde.deserializer().deserialize("inventory.events", w.bytes);
    }
}
