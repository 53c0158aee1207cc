package io.atpsync.streams.topology;

import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.streams.state.MappingState;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Record;

/** What a location mapping's change means for the online ATP processor. */
final class MappingChange {

    private MappingChange() {}

    /** The mapping as a task keeps it; null when it maps nothing (removed). */
    static MappingState state(LocationMapping m) {
        return m.getFacilityIds().isEmpty() && m.getQueueFacilityId() == null
                ? null
                : new MappingState(
                        m.getShop(),
                        m.getFacilityIds(),
                        m.getQueueFacilityId(),
                        MappingState.ON_HAND.equals(m.getPublish()));
    }

    /**
     * Whether the location's new values are a scoped set rather than deltas: a new location's first values are not
     * deltas onto levels Shopify may already hold (stock typed in, orders taken there), nor are a location's once it
     * switches between available and on hand.
     */
    static boolean setsScope(MappingState before, MappingState after, Set<String> skus) {
        boolean switched = before != null && after != null && before.onHand() != after.onHand();
        return (before == null || switched) && after != null && !skus.isEmpty();
    }

    /** The scoped set of {@code skus} at {@code location}, which drops the variances just made for them. */
    static Record<String, Object> scopedSet(String location, String shop, Set<String> skus, long now) {
        return new Record<String, Object>(
                location,
                new PushInput.HardSync(new HardSyncRequest(
                        "new-location:" + location + "@" + now,
                        shop,
                        List.of(location),
                        List.copyOf(skus),
                        Instant.ofEpochMilli(now),
                        "location mapping")),
                now);
    }
}
