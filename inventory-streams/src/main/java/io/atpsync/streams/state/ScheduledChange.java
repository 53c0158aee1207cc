package io.atpsync.streams.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A stock change held until its {@code effectiveAt}, as the breakdown shows it (scheduled). Stored in the compact,
 * versioned binary of {@link StateSerdes}: format 1 is eventId, facilityId, type, qohDiff, atpDiff, setQoh and setAtp
 * (each with a presence flag), effectiveAt.
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

    public static Serde<ScheduledChange> serde() {
        return Serdes.serdeFrom(
                (topic, c) -> c == null
                        ? null
                        : StateSerdes.write(out -> {
                            out.writeUTF(c.eventId());
                            out.writeUTF(c.facilityId());
                            out.writeUTF(c.type());
                            out.writeLong(c.qohDiff());
                            out.writeLong(c.atpDiff());
                            writeOptional(out, c.setQoh());
                            writeOptional(out, c.setAtp());
                            out.writeLong(c.effectiveAt());
                        }),
                (topic, bytes) -> bytes == null
                        ? null
                        : StateSerdes.read(
                                bytes,
                                in -> new ScheduledChange(
                                        in.readUTF(),
                                        in.readUTF(),
                                        in.readUTF(),
                                        in.readLong(),
                                        in.readLong(),
                                        readOptional(in),
                                        readOptional(in),
                                        in.readLong())));
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
