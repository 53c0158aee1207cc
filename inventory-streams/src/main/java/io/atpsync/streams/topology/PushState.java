package io.atpsync.streams.topology;

import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/** The push processor's committed counters: how far it has pushed, its batch sequence, and its incarnation. */
final class PushState {

    /** The end of the last window pushed (epoch millis). */
    public static final String FLUSHED_UP_TO = "flushed-up-to";

    private static final String SEQ = "seq";
    private static final String INCARNATION = "incarnation";

    private final KeyValueStore<String, Long> store;

    PushState(ProcessorContext<?, ?> context) {
        store = context.getStateStore(AtpStores.PUSH_STATE);
    }

    /** The end of the last window pushed, or null before the first flush. */
    Long flushedUpTo() {
        return store.get(FLUSHED_UP_TO);
    }

    void flushedUpTo(long end) {
        store.put(FLUSHED_UP_TO, end);
    }

    /** The next batch sequence number (from 1), taken. */
    long nextSeq() {
        Long seq = store.get(SEQ);
        long next = seq == null ? 1 : seq + 1;
        store.put(SEQ, next);
        return next;
    }

    /**
     * This task's incarnation, kept in committed state: an application reset (or lost changelogs) starts the sequence
     * again, and a new incarnation keeps its batch ids, Shopify's idempotency keys, from repeating old ones.
     */
    long incarnation() {
        Long i = store.get(INCARNATION);
        if (i == null) {
            i = ThreadLocalRandom.current().nextLong(1L << 32);
            store.put(INCARNATION, i);
        }
        return i;
    }
}
