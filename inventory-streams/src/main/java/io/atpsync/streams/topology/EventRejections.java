package io.atpsync.streams.topology;

import io.atpsync.schemas.InventoryEvent;

/** Why a valid event cannot be applied: the dead letter's reason, with what the sender should do. */
final class EventRejections {

    private EventRejections() {}

    static String inTheFuture(InventoryEvent e, long aheadMillis, long maxAheadMillis) {
        return "event " + e.getEventId() + ": occurredAt " + e.getOccurredAt() + " is " + aheadMillis / 60_000
                + " min in the future (more than " + maxAheadMillis / 60_000
                + " min ahead of this instance's clock); fix the "
                + "sender's clock and re-send (its id is not "
                + "remembered, so the same event can come again)";
    }

    static String behindAPartialCount(InventoryEvent e) {
        return "event " + e.getEventId() + ": " + e.getType() + " as of "
                + e.getOccurredAt() + " is older than a later count of " + e.getSku() + " at "
                + e.getFacilityId()
                + " that set only " + (e.getSetAtp() != null ? "the quantity on hand" : "ATP")
                + "; this count's "
                + (e.getSetAtp() != null ? "ATP" : "quantity on hand")
                + " can no longer be placed: re-send a current count";
    }

    static String tooLate(InventoryEvent e, long horizonMillis) {
        return "event " + e.getEventId() + ": " + e.getType() + " as of "
                + e.getOccurredAt() + " is older than the " + horizonMillis / 3_600_000
                + " h history kept for "
                + e.getSku() + " at " + e.getFacilityId() + "; re-send a current count";
    }

    static String kit(InventoryEvent e) {
        return "event " + e.getEventId() + ": " + e.getSku()
                + " is a kit (inventory.kits): its stock is its components'" + "; send the event for the components";
    }
}
