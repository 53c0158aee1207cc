package io.atpsync.streams.atp;

/**
 * A change to one facility's stock of one SKU, as the event rules define it: either deltas or an absolute count as of
 * its instant.
 *
 * @param occurredAt event time, epoch millis
 * @param qohDiff delta to quantity on hand (deltas only)
 * @param atpDiff delta to ATP (deltas only)
 * @param setQoh absolute quantity on hand (counts only), or null
 * @param setAtp absolute ATP (counts only), or null: then ATP shifts with the quantity on hand
 * @param absolute true for CYCLE_COUNT / RESET
 */
public record StockChange(long occurredAt, long qohDiff, long atpDiff, Long setQoh, Long setAtp, boolean absolute) {

    public static StockChange delta(long occurredAt, long qohDiff, long atpDiff) {
        return new StockChange(occurredAt, qohDiff, atpDiff, null, null, false);
    }

    public static StockChange count(long occurredAt, Long setQoh, Long setAtp) {
        return new StockChange(occurredAt, 0, 0, setQoh, setAtp, true);
    }
}
