package io.atpsync.streams.state;

import io.atpsync.streams.atp.FacilityStock;
import io.atpsync.streams.hardsync.HardSyncStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes of the internal state (stores and their changelogs): compact, versioned binary, no registry. The first byte is
 * the format version; a newer format must keep reading older ones.
 */
public final class StateSerdes {

    private static final byte V1 = 1;
    /** Positions from format 2 on: totals only, the deltas in their own store. */
    private static final byte V2 = 2;

    private static final byte V3 = 3;

    private StateSerdes() {}

    /**
     * Format 3 (totals, the instants of the last qoh and ATP counts; deltas in the position-deltas store); reads format
     * 2 (one count instant for both) and format 1 (deltas inside) into {@link PositionState#unmigrated()}.
     */
    public static Serde<PositionState> position() {
        return Serdes.serdeFrom(
                (topic, p) -> p == null
                        ? null
                        : write(V3, out -> {
                            FacilityStock s = p.stock();
                            out.writeLong(s.qoh());
                            out.writeLong(s.atp());
                            out.writeLong(s.countAsOf());
                            out.writeLong(s.foldedUpTo());
                            out.writeLong(s.oldest());
                            out.writeLong(s.newest());
                            out.writeLong(p.safetyStock());
                            out.writeBoolean(p.allowOnline());
                            out.writeLong(s.qohCountAsOf());
                            out.writeLong(s.atpCountAsOf());
                        }),
                (topic, bytes) -> bytes == null
                        ? null
                        : read(bytes, V3, (version, in) -> {
                            if (version >= V2) {
                                long[] f = {
                                    in.readLong(),
                                    in.readLong(),
                                    in.readLong(),
                                    in.readLong(),
                                    in.readLong(),
                                    in.readLong()
                                };
                                long safety = in.readLong();
                                boolean online = in.readBoolean();
                                FacilityStock s = version == V3
                                        ? new FacilityStock(
                                                f[0], f[1], f[2], f[3], f[4], f[5], in.readLong(), in.readLong())
                                        : new FacilityStock(f[0], f[1], f[2], f[3], f[4], f[5]);
                                return new PositionState(s, safety, online);
                            }
                            long baseQoh = in.readLong();
                            long baseAtp = in.readLong();
                            long countAsOf = in.readLong();
                            long foldedUpTo = in.readLong();
                            int n = in.readInt();
                            List<FacilityStock.Delta> deltas = new ArrayList<>(n);
                            for (int i = 0; i < n; i++) {
                                deltas.add(new FacilityStock.Delta(in.readLong(), in.readLong(), in.readLong()));
                            }
                            return new PositionState(
                                    FacilityStock.of(baseQoh, baseAtp, countAsOf, foldedUpTo, deltas),
                                    in.readLong(),
                                    in.readBoolean(),
                                    deltas);
                        }));
    }

    /** One delta (or the sum of one millisecond's) of the position-deltas store: qohDiff, atpDiff. */
    public static Serde<long[]> delta() {
        return Serdes.serdeFrom(
                (topic, d) -> d == null
                        ? null
                        : write(V1, out -> {
                            out.writeLong(d[0]);
                            out.writeLong(d[1]);
                        }),
                (topic, bytes) -> bytes == null
                        ? null
                        : read(bytes, V1, (version, in) -> new long[] {in.readLong(), in.readLong()}));
    }

    /** Format 2 (shop, facilities, queue, publishes on hand); reads format 1 (no on-hand flag: available). */
    public static Serde<MappingState> mapping() {
        return Serdes.serdeFrom(
                (topic, m) -> m == null
                        ? null
                        : write(V2, out -> {
                            out.writeUTF(m.shop());
                            out.writeInt(m.facilityIds().size());
                            for (String f : m.facilityIds()) {
                                out.writeUTF(f);
                            }
                            out.writeBoolean(m.queueFacilityId() != null);
                            if (m.queueFacilityId() != null) {
                                out.writeUTF(m.queueFacilityId());
                            }
                            out.writeBoolean(m.onHand());
                        }),
                (topic, bytes) -> bytes == null
                        ? null
                        : read(bytes, V2, (version, in) -> {
                            String shop = in.readUTF();
                            int n = in.readInt();
                            List<String> facilities = new ArrayList<>(n);
                            for (int i = 0; i < n; i++) {
                                facilities.add(in.readUTF());
                            }
                            String queue = in.readBoolean() ? in.readUTF() : null;
                            // Format 2 adds whether the location publishes on hand; format 1 published available.
                            return new MappingState(shop, facilities, queue, version >= V2 && in.readBoolean());
                        }));
    }

    /**
     * Format 1: location, ordered, reserved, cancelled, updatedAt. Format 2 adds restocked (0 no, 1 yes, 2 unknown) and
     * released.
     */
    public static Serde<io.atpsync.streams.variance.PendingOrder> pendingOrder() {
        return Serdes.serdeFrom(
                (topic, o) -> o == null
                        ? null
                        : write(PENDING_V4, out -> {
                            out.writeUTF(o.shopifyLocationId() == null ? "" : o.shopifyLocationId());
                            out.writeLong(o.ordered());
                            out.writeLong(o.reserved());
                            out.writeBoolean(o.cancelled());
                            out.writeLong(o.updatedAt());
                            out.writeByte(o.restocked() == null ? 2 : o.restocked() ? 1 : 0);
                            out.writeLong(o.released());
                            out.writeLong(o.undoable());
                            out.writeInt(o.held().size());
                            for (var h : o.held().entrySet()) {
                                out.writeUTF(h.getKey());
                                out.writeLong(h.getValue().reserved());
                                out.writeLong(h.getValue().released());
                            }
                        }),
                (topic, bytes) -> bytes == null
                        ? null
                        : read(bytes, PENDING_V4, (version, in) -> {
                            String location = in.readUTF();
                            long ordered = in.readLong();
                            long reserved = in.readLong();
                            boolean cancelled = in.readBoolean();
                            long updatedAt = in.readLong();
                            Boolean restocked = null;
                            long released = 0;
                            if (version >= PENDING_V2) {
                                byte r = in.readByte();
                                restocked = r == 2 ? null : r == 1;
                                released = in.readLong();
                            }
                            long undoable = version >= PENDING_V3 ? in.readLong() : released;
                            java.util.SortedMap<String, io.atpsync.streams.variance.PendingOrder.Held> held =
                                    new java.util.TreeMap<>();
                            int locations = version >= PENDING_V4 ? in.readInt() : 0;
                            for (int i = 0; i < locations; i++) {
                                held.put(
                                        in.readUTF(),
                                        new io.atpsync.streams.variance.PendingOrder.Held(
                                                in.readLong(), in.readLong()));
                            }
                            return new io.atpsync.streams.variance.PendingOrder(
                                    location.isEmpty() ? null : location,
                                    ordered,
                                    reserved,
                                    cancelled,
                                    updatedAt,
                                    restocked,
                                    released,
                                    undoable,
                                    held);
                        }));
    }

    /**
     * Format 1: targets, unmapped, cut instant (epoch millis). Reads the text summary tasks stored before the status
     * was typed (its first byte is a digit, never a format number).
     */
    public static Serde<HardSyncStatus> hardSyncStatus() {
        return Serdes.serdeFrom(
                (topic, s) -> s == null
                        ? null
                        : write(out -> {
                            out.writeInt(s.targets());
                            out.writeInt(s.unmapped());
                            out.writeLong(s.cutAt().toEpochMilli());
                        }),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    if (bytes.length > 0 && bytes[0] >= '0' && bytes[0] <= '9') {
                        String text = new String(bytes, StandardCharsets.UTF_8);
                        return HardSyncStatus.parse(text)
                                .orElseThrow(
                                        () -> new SerializationException("not a hard-sync status: \"" + text + "\""));
                    }
                    return read(
                            bytes,
                            in -> new HardSyncStatus(in.readInt(), in.readInt(), Instant.ofEpochMilli(in.readLong())));
                });
    }

    private static final byte PENDING_V2 = 2;
    private static final byte PENDING_V3 = 3;
    private static final byte PENDING_V4 = 4;

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private interface VersionedReader<T> {
        T read(byte version, DataInputStream in) throws IOException;
    }

    static byte[] write(Writer writer) {
        return write(V1, writer);
    }

    private static byte[] write(byte version, Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(version);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot write internal state: " + e.getMessage(), e);
        }
    }

    static <T> T read(byte[] bytes, Reader<T> reader) {
        return read(bytes, V1, (version, in) -> reader.read(in));
    }

    /** Reads formats 1 to {@code newest}. */
    private static <T> T read(byte[] bytes, byte newest, VersionedReader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version < V1 || version > newest) {
                throw new SerializationException(
                        "internal state format " + version + " is not one this application reads (" + V1 + " to "
                                + newest + "): written by a newer version?");
            }
            return reader.read(version, in);
        } catch (IOException e) {
            throw new SerializationException("cannot read internal state: " + e.getMessage(), e);
        }
    }
}
