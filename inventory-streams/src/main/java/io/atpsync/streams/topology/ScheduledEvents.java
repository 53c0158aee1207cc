package io.atpsync.streams.topology;

import io.atpsync.schemas.InventoryEvent;
import io.atpsync.streams.state.ScheduledChange;
import io.atpsync.streams.state.StoreKeys.ScheduledAt;
import io.atpsync.streams.state.StoreKeys.ScheduledFor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Future-dated stock: events whose {@code effectiveAt} is still ahead of the wall clock. Each is held in two logged
 * stores (by time, for the check that takes what is due; by SKU and facility, for the breakdown), so it survives a
 * restart, and is applied when the clock reaches it, with or without other traffic.
 */
final class ScheduledEvents {

    /** How often the task looks for due changes (a change applies at most this late). */
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    /** At most this many due changes per check: a file of scheduled rows must not stall the task for minutes. */
    static final int MAX_PER_CHECK = 5_000;

    private final KeyValueStore<ScheduledAt, byte[]> byTime;
    private final KeyValueStore<ScheduledFor, ScheduledChange> bySku;
    private final Serializer<InventoryEvent> serializer;
    private final Deserializer<InventoryEvent> deserializer;
    private final String topic;

    ScheduledEvents(
            ProcessorContext<?, ?> context,
            Serializer<InventoryEvent> serializer,
            Deserializer<InventoryEvent> deserializer,
            String topic) {
        this.byTime = context.getStateStore(AtpStores.SCHEDULED);
        this.bySku = context.getStateStore(AtpStores.SCHEDULED_BY_SKU);
        this.serializer = serializer;
        this.deserializer = deserializer;
        this.topic = topic;
    }

    /** Whether {@code e} is future-dated: its effectiveAt is later than when it occurred. */
    static boolean futureDated(InventoryEvent e) {
        return e.getEffectiveAt() != null && e.getEffectiveAt().isAfter(e.getOccurredAt());
    }

    /** {@code e} as it applies: as of its effectiveAt when that is later than when it occurred. */
    static InventoryEvent asApplied(InventoryEvent e) {
        return futureDated(e)
                ? InventoryEvent.newBuilder(e).setOccurredAt(e.getEffectiveAt()).build()
                : e;
    }

    /** Holds {@code e} until its effectiveAt (the same event held twice is held once). */
    void hold(InventoryEvent e) {
        long time = e.getEffectiveAt().toEpochMilli();
        byTime.put(new ScheduledAt(time, e.getEventId()), serializer.serialize(topic, e));
        bySku.put(
                new ScheduledFor(e.getSku(), e.getFacilityId(), time, e.getEventId()),
                new ScheduledChange(
                        e.getEventId(),
                        e.getFacilityId(),
                        e.getType().name(),
                        e.getQohDiff(),
                        e.getAtpDiff(),
                        e.getSetQoh(),
                        e.getSetAtp(),
                        time));
    }

    /** Removes and returns, earliest first, up to {@link #MAX_PER_CHECK} changes due at {@code now}. */
    List<InventoryEvent> takeDue(long now) {
        List<KeyValue<ScheduledAt, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<ScheduledAt, byte[]> it =
                byTime.range(new ScheduledAt(Long.MIN_VALUE, ""), new ScheduledAt(now + 1, ""))) {
            while (it.hasNext() && due.size() < MAX_PER_CHECK) {
                due.add(it.next());
            }
        }
        List<InventoryEvent> events = new ArrayList<>(due.size());
        for (KeyValue<ScheduledAt, byte[]> kv : due) {
            byTime.delete(kv.key);
            InventoryEvent e = deserializer.deserialize(topic, kv.value);
            bySku.delete(new ScheduledFor(e.getSku(), e.getFacilityId(), kv.key.time(), kv.key.eventId()));
            events.add(e);
        }
        return events;
    }
}
