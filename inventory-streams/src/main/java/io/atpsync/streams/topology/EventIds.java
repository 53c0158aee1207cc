package io.atpsync.streams.topology;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/** Duplicate detection: the event ids a task has seen, windowed by arrival time over the dedup retention. */
final class EventIds {

    private final WindowStore<String, Long> ids;
    private final long retentionMillis;

    EventIds(ProcessorContext<?, ?> context, long retentionMillis) {
        this.ids = context.getStateStore(AtpStores.EVENT_IDS);
        this.retentionMillis = retentionMillis;
    }

    /** Whether {@code eventId} arrived within the retention of {@code timestamp}; records it when not. */
    boolean seen(String eventId, long timestamp) {
        // The long-based fetch: the Instant one formats a validation message on every call (a few % of the hot path).
        try (WindowStoreIterator<Long> hits =
                ids.fetch(eventId, timestamp - retentionMillis, timestamp + retentionMillis)) {
            if (hits.hasNext()) {
                return true;
            }
        }
        ids.put(eventId, timestamp, timestamp);
        return false;
    }
}
