package io.atpsync.sink.bulk;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live deltas applied to items a bulk hard sync is still writing. A bulk operation reads its levels long before its
 * lines run, while the variances after the cut keep flowing: an item a delta touched after its cut is left out of the
 * file (its read may or may not include the delta) and written directly, with its target moved by the deltas applied
 * since the cut. An item is marked before its delta is sent, so a read that saw the delta always finds the mark.
 *
 * <p>Shared by the task's thread (deltas) and the bulk worker (lines): every map is concurrent.
 */
public final class PostCutLedger {

    /** An item at a Shopify location. */
    public record Key(String location, String inventoryItemId) {}

    private final Map<Key, Boolean> covered = new ConcurrentHashMap<>();
    private final Map<Key, Long> applied = new ConcurrentHashMap<>();

    /** A bulk hard sync has taken this item's target: its deltas from now on are after its cut. */
    public void cover(Key key) {
        covered.put(key, Boolean.TRUE);
    }

    public boolean covers(Key key) {
        return covered.containsKey(key);
    }

    /** Before a delta is sent for {@code key}: marks it touched if a bulk hard sync covers it. */
    public void touching(Key key) {
        if (covered.containsKey(key)) {
            applied.putIfAbsent(key, 0L);
        }
    }

    /** After Shopify applied {@code delta} to a covered item. */
    public void applied(Key key, long delta) {
        if (covered.containsKey(key)) {
            applied.merge(key, delta, Long::sum);
        }
    }

    /** Whether a delta was sent for the item since its cut (its bulk read is ambiguous). */
    public boolean touched(Key key) {
        return applied.containsKey(key);
    }

    /** The deltas Shopify applied to the item since its cut. */
    public long sinceCut(Key key) {
        return applied.getOrDefault(key, 0L);
    }

    /** The item's hard sync is written: its deltas are ordinary again. */
    public void release(Key key) {
        covered.remove(key);
        applied.remove(key);
    }
}
