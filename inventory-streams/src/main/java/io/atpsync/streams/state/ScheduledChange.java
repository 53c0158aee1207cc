package io.atpsync.streams.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A stock change held until its {@code effectiveAt}, as the breakdown shows it (scheduled). Stored in a compact,
 * versioned binary like the rest of {@link StateSerdes}: format 1 is eventId, facilityId, type, qohDiff, atpDiff,
 * setQoh and setAtp (each with a presence flag), effectiveAt.
 */
public record ScheduledChange(
        String eventId,
        String facilityId,
        String type,
        long qohDiff,
        long atpDiff,
        Long setQoh,
        Long setAtp,
        long effectiveAt) {

    private static final byte V1 = 1;

    public static Serde<ScheduledChange> serde() {
        return Serdes.serdeFrom(
                (topic, c) -> {
                    if (c == null) {
                        return null;
                    }
                    try {
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
                        DataOutputStream out = new DataOutputStream(bytes);
                        out.writeByte(V1);
                        out.writeUTF(c.eventId());
                        out.writeUTF(c.facilityId());
                        out.writeUTF(c.type());
                        out.writeLong(c.qohDiff());
                        out.writeLong(c.atpDiff());
                        writeOptional(out, c.setQoh());
                        writeOptional(out, c.setAtp());
                        out.writeLong(c.effectiveAt());
                        out.flush();
                        return bytes.toByteArray();
                    } catch (IOException e) {
                        throw new SerializationException("cannot write a scheduled change: " + e.getMessage(), e);
                    }
                },
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                        byte version = in.readByte();
                        if (version != V1) {
                            throw new SerializationException("scheduled change format " + version
                                    + " is not one this application reads (1): written by a newer version?");
                        }
                        return new ScheduledChange(
                                in.readUTF(),
                                in.readUTF(),
                                in.readUTF(),
                                in.readLong(),
                                in.readLong(),
                                readOptional(in),
                                readOptional(in),
                                in.readLong());
                    } catch (IOException e) {
                        throw new SerializationException("cannot read a scheduled change: " + e.getMessage(), e);
                    }
                });
    }

    private static void writeOptional(DataOutputStream out, Long value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    private static Long readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }
}
