package io.atpsync.streams.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A record that cannot be applied, on its way to a DLQ: the original bytes and why, with the same header names Kafka
 * Streams' own dead-letter queue uses ({@code __streams.errors.*}).
 *
 * @param value the original value bytes
 * @param reason what is wrong, in words an integrator can act on
 */
public record DeadLetter(byte[] value, String reason) {

    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";

    /** Adds the error headers, naming where the record came from. */
    public void describeIn(Headers headers, RecordMetadata source, String exceptionClass) {
        headers.add(EXCEPTION, bytes(exceptionClass));
        headers.add(MESSAGE, bytes(reason));
        headers.add(TOPIC, bytes(source.topic()));
        headers.add(PARTITION, bytes(Integer.toString(source.partition())));
        headers.add(OFFSET, bytes(Long.toString(source.offset())));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
