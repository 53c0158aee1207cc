package io.atpsync.streams.topology;

import io.atpsync.schemas.InventoryEvent;
import io.atpsync.streams.atp.EventRules;
import io.atpsync.streams.ops.Metrics;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * First stop of every inventory event: reads the bytes itself (so the DLQ gets the original bytes of anything
 * undeserializable) and applies the rule of its type. Valid events go on as {@link InventoryEvent}; the rest as
 * {@link DeadLetter}s, counted by {@code dead-letters-total}.
 */
final class EventCheck implements Processor<String, byte[], String, Object> {

    private final Deserializer<InventoryEvent> deserializer;
    private ProcessorContext<String, Object> context;
    private Sensor deadLetters;

    EventCheck(Deserializer<InventoryEvent> deserializer) {
        this.deserializer = deserializer;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.deadLetters = Metrics.deadLetters(context);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("inventory.events");
        InventoryEvent event;
        try {
            event = deserializer.deserialize(topic, record.headers(), record.value());
        } catch (SerializationException e) {
            reject(record, e.getMessage(), e.getClass().getName());
            return;
        }
        if (event == null) {
            reject(record, "a null value is not an inventory event", "IllegalArgumentException");
            return;
        }
        Optional<String> violation = EventRules.violation(event);
        if (violation.isPresent()) {
            reject(record, "event " + event.getEventId() + ": " + violation.get(), "InvalidEvent");
            return;
        }
        if (!event.getSku().equals(record.key())) {
            reject(
                    record,
                    "event " + event.getEventId() + ": record key '" + record.key() + "' is not its sku '"
                            + event.getSku() + "' (inventory.events is keyed by sku)",
                    "InvalidEvent");
            return;
        }
        context.forward(record.withValue(event));
    }

    private void reject(Record<String, byte[]> record, String reason, String exception) {
        DeadLetter letter = new DeadLetter(record.value(), reason);
        Record<String, Object> out = record.withValue(letter);
        context.recordMetadata().ifPresent(m -> letter.describeIn(out.headers(), m, exception));
        deadLetters.record();
        context.forward(out);
    }
}
