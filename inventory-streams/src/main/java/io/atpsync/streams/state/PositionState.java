package io.atpsync.streams.state;

import io.atpsync.streams.atp.FacilityStock;

/**
 * What a task keeps per (SKU, facility): the stock and the SKU's settings there.
 *
 * @param stock       quantity on hand and ATP with their history
 * @param safetyStock units kept back from online selling
 * @param allowOnline whether this SKU at this facility may sell online
 */
public record PositionState(FacilityStock stock, long safetyStock, boolean allowOnline) {

    public static final PositionState NEW = new PositionState(FacilityStock.EMPTY, 0, true);
}
