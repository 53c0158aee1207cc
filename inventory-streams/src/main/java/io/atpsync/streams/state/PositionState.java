package io.atpsync.streams.state;

import io.atpsync.streams.atp.FacilityStock;
import java.util.List;

/**
 * What a task keeps per (SKU, facility): the stock and the SKU's settings there. The stock's individual deltas live in
 * their own store (see {@link FacilityStock.DeltaLog}).
 *
 * @param stock quantity on hand and ATP, with where their history stands
 * @param safetyStock units kept back from online selling
 * @param allowOnline whether this SKU at this facility may sell online
 * @param unmigrated deltas read from a format-1 value, which carried them inside: to move into the delta store
 */
public record PositionState(
        FacilityStock stock, long safetyStock, boolean allowOnline, List<FacilityStock.Delta> unmigrated) {

    public static final PositionState NEW = new PositionState(FacilityStock.EMPTY, 0, true);

    public PositionState {
        unmigrated = List.copyOf(unmigrated);
    }

    public PositionState(FacilityStock stock, long safetyStock, boolean allowOnline) {
        this(stock, safetyStock, allowOnline, List.of());
    }
}
