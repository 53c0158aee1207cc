package io.atpsync.streams;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/** The app's own Streams sensors (reported with Kafka's metrics, so Micrometer and JMX see them). */
final class Metrics {

    static final String SCOPE = "atp-sync";

    private Metrics() {
    }

    static Sensor deadLetters(ProcessorContext<?, ?> context) {
        return sensor(context, "dead-letters");
    }

    static Sensor duplicates(ProcessorContext<?, ?> context) {
        return sensor(context, "duplicate-events");
    }

    static Sensor superseded(ProcessorContext<?, ?> context) {
        return sensor(context, "superseded-events");
    }

    static Sensor held(ProcessorContext<?, ?> context) {
        return sensor(context, "held-unmapped-variances");
    }

    private static Sensor sensor(ProcessorContext<?, ?> context, String name) {
        return context.metrics().addRateTotalSensor(SCOPE, "task-" + context.taskId(), name, Sensor.RecordingLevel.INFO);
    }
}
