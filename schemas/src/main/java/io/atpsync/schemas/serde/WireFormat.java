package io.atpsync.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.avro.util.ClassSecurityValidator;

/** The Confluent wire format: magic byte 0, a big-endian 4-byte schema id, then Avro binary. */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_LENGTH = 5;
    static final String TRUSTED_PACKAGE = "io.atpsync.schemas";

    static {
        // Avro 1.12.2 refuses to instantiate generated classes from untrusted packages; ours are trusted.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(), c -> c.getPackageName().startsWith(TRUSTED_PACKAGE)));
    }

    private WireFormat() {}

    /** Makes sure the static trust set-up above has run. */
    static void init() {
        // class initialisation does the work
    }

    static int schemaId(ByteBuffer buffer) {
        return buffer.getInt(1);
    }
}
