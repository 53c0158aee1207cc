package io.atpsync.schemas.serde;

/**
 * Whether a serde handles record keys or values: it decides the subject, {@code <topic>-key} or {@code <topic>-value}.
 */
public enum RecordKind {
    KEY,
    VALUE;

    String subject(String topic) {
        return topic + (this == KEY ? "-key" : "-value");
    }
}
