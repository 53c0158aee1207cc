package io.atpsync.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atpsync.streams.atp.FacilityStock;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class StateSerdesTest {

    private final Serde<PositionState> serde = StateSerdes.position();

    @Test
    void shouldRoundTripAPosition() {
        PositionState p = new PositionState(new FacilityStock(7, 5, 100, 90, 120, 180), 2, false);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", p)))
                .isEqualTo(p);
    }

    @Test
    void shouldReadAFormatOnePositionWithItsDeltasToMove() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        out.writeLong(10); // base qoh
        out.writeLong(8); // base atp
        out.writeLong(50); // count as of
        out.writeLong(50); // folded up to
        out.writeInt(2);
        for (long[] d : new long[][] {{60, -1, -1}, {70, 3, 2}}) {
            out.writeLong(d[0]);
            out.writeLong(d[1]);
            out.writeLong(d[2]);
        }
        out.writeLong(4); // safety stock
        out.writeBoolean(true);

        PositionState p = serde.deserializer().deserialize("t", bytes.toByteArray());

        assertThat(p.stock()).isEqualTo(new FacilityStock(12, 9, 50, 50, 60, 70));
        assertThat(p.safetyStock()).isEqualTo(4);
        assertThat(p.unmigrated())
                .containsExactly(new FacilityStock.Delta(60, -1, -1), new FacilityStock.Delta(70, 3, 2));
        PositionState again =
                serde.deserializer().deserialize("t", serde.serializer().serialize("t", p));
        assertThat(again.unmigrated()).as("format 2 does not carry deltas").isEmpty();
        assertThat(again.stock()).isEqualTo(p.stock());
    }

    @Test
    void shouldRefuseAFormatItDoesNotKnow() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("internal state format 9");
    }

    @Test
    void shouldRoundTripADelta() {
        Serde<long[]> delta = StateSerdes.delta();
        assertThat(delta.deserializer().deserialize("t", delta.serializer().serialize("t", new long[] {-3, 4})))
                .containsExactly(-3, 4);
    }

    @Test
    void shouldRoundTripAPendingOrderWithWhatTheOmsHoldsAtEachLocation() {
        Serde<io.atpsync.streams.variance.PendingOrder> pending = StateSerdes.pendingOrder();
        var o = io.atpsync.streams.variance.PendingOrder.none(null, 5)
                .ordered(2, null, 6)
                .reserved(1, "L2", 7, false)
                .reserved(1, "L1", 8, false)
                .reserved(-1, "L1", 9, false);
        var back = pending.deserializer().deserialize("t", pending.serializer().serialize("t", o));
        assertThat(back).isEqualTo(o);
        assertThat(back.heldAt("L1")).contains(new io.atpsync.streams.variance.PendingOrder.Held(0, 1));
        assertThat(back.heldAt("L2")).contains(new io.atpsync.streams.variance.PendingOrder.Held(1, 0));
    }

    @Test
    void shouldReadAFormatThreePendingOrderAsHeldAtItsOneLocation() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(3);
        out.writeUTF("L1"); // location
        out.writeLong(2); // ordered
        out.writeLong(2); // reserved
        out.writeBoolean(false); // cancelled
        out.writeLong(100); // updated at
        out.writeByte(2); // restocked: not known
        out.writeLong(0); // released
        out.writeLong(0); // undoable

        var o = StateSerdes.pendingOrder().deserializer().deserialize("t", bytes.toByteArray());

        assertThat(o.held()).isEmpty();
        assertThat(o.accountedAt("L1")).contains(new io.atpsync.streams.variance.PendingOrder.Held(2, 0));
        assertThat(o.accountedAt("L2")).isEmpty();
        // the next reservation keeps what the old record held at its location
        assertThat(o.reserved(1, "L2", 101, false).held()).containsOnlyKeys("L1", "L2");
    }
}
