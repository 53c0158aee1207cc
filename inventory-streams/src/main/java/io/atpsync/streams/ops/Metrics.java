package io.atpsync.streams.ops;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/** The app's own Streams sensors (reported with Kafka's metrics, so Micrometer and JMX see them). */
public final class Metrics {

    static final String SCOPE = "atp-sync";

    private Metrics() {}

    public static Sensor deadLetters(ProcessorContext<?, ?> context) {
        return sensor(context, "dead-letters");
    }

    public static Sensor duplicates(ProcessorContext<?, ?> context) {
        return sensor(context, "duplicate-events");
    }

    public static Sensor superseded(ProcessorContext<?, ?> context) {
        return sensor(context, "superseded-events");
    }

    /** Future-dated events held until their effectiveAt. */
    public static Sensor scheduled(ProcessorContext<?, ?> context) {
        return sensor(context, "scheduled-events");
    }

    public static Sensor held(ProcessorContext<?, ?> context) {
        return sensor(context, "held-unmapped-variances");
    }

    /**
     * Inventory events accepted, per event type (operation {@code events-<type>}, tag {@code event-type}; "type" would
     * clash with JMX).
     */
    public static Sensor events(ProcessorContext<?, ?> context, String type) {
        return context.metrics()
                .addRateTotalSensor(
                        SCOPE,
                        "task-" + context.taskId(),
                        "events-" + type.toLowerCase(java.util.Locale.ROOT),
                        Sensor.RecordingLevel.INFO,
                        "event-type",
                        type);
    }

    public static Sensor onlineAtpChanges(ProcessorContext<?, ?> context) {
        return sensor(context, "online-atp-changes");
    }

    public static Sensor variances(ProcessorContext<?, ?> context) {
        return sensor(context, "variances-emitted");
    }

    public static Sensor batches(ProcessorContext<?, ?> context) {
        return sensor(context, "batches-emitted");
    }

    /**
     * Freshness at emission: from the start of a batch's window (the oldest event it can hold) to the batch leaving the
     * app; avg and max as {@code batch-event-age-latency-avg|max} (ms).
     */
    public static Sensor batchEventAge(ProcessorContext<?, ?> context) {
        return context.metrics()
                .addLatencyRateTotalSensor(
                        SCOPE, "task-" + context.taskId(), "batch-event-age", Sensor.RecordingLevel.INFO);
    }

    private static Sensor sensor(ProcessorContext<?, ?> context, String name) {
        return context.metrics()
                .addRateTotalSensor(SCOPE, "task-" + context.taskId(), name, Sensor.RecordingLevel.INFO);
    }
}
