package io.atpsync.sink.hardsync;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a hard sync writes for one item at one location, without overwriting a Shopify order: online ATP minus the units
 * of open orders assigned to the location that the OMS has not reserved (those are in Shopify's count and not yet in
 * online ATP). Shopify's {@code committed} is the cross-check: units committed there that no readable fulfillment order
 * explains are treated as unreserved orders too (never written over), and fewer committed units than open lines means
 * the two reads straddled a new order, so the caller reads again.
 */
public final class OrderAwareTarget {

    /** One open fulfillment-order line at the location: its order and the units still to fulfil. */
    public record OpenLine(String shopifyOrderId, long remaining) {}

    /**
     * The result for one item.
     *
     * @param target what Shopify's {@code available} should be (may be negative: Shopify oversold)
     * @param unreserved units of open orders the OMS has not reserved
     * @param unexplained committed units no open fulfillment order accounts for
     * @param consistent false when the open lines exceed {@code committed} (read again)
     */
    public record Result(long target, long unreserved, long unexplained, boolean consistent) {}

    private OrderAwareTarget() {}

    /** Without recently closed orders: see {@link #of(long, Map, List, List, long)}. */
    public static Result of(long onlineAtp, Map<String, Long> reserved, List<OpenLine> open, long committed) {
        return of(onlineAtp, reserved, open, List.of(), committed);
    }

    /**
     * @param onlineAtp online ATP for the item at the location, as the Streams task sent it
     * @param reserved units the OMS has reserved, per Shopify order id, for this SKU
     * @param open the item's open fulfillment-order lines at the location (two lines of one order both count)
     * @param gone units of orders closed at the location since shortly before the cut that did not come back to
     *     {@code available} (shipped, or cancelled without restock): an order the OMS reserved only after the cut is in
     *     Shopify's count and not in online ATP, open or not
     * @param committed Shopify's {@code committed} for the item at the location
     */
    public static Result of(
            long onlineAtp, Map<String, Long> reserved, List<OpenLine> open, List<OpenLine> gone, long committed) {
        return of(onlineAtp, reserved, open, gone, List.of(), committed);
    }

    /**
     * @param restocked units of reserved orders Shopify has put back into {@code available} at the location (cancelled
     *     with restock) that the OMS has not released: in Shopify's count, not yet in online ATP
     */
    public static Result of(
            long onlineAtp,
            Map<String, Long> reserved,
            List<OpenLine> open,
            List<OpenLine> gone,
            List<OpenLine> restocked,
            long committed) {
        return of(onlineAtp, reserved, open, gone, restocked, committed, List.of());
    }

    /**
     * @param kitLines open lines of kits this item is a component of, in this item's units (kit units × quantity):
     *     Shopify committed them on the kit's own item, so they count as pending here (unless the OMS reserved them)
     *     but not against this item's {@code committed}
     */
    public static Result of(
            long onlineAtp,
            Map<String, Long> reserved,
            List<OpenLine> open,
            List<OpenLine> gone,
            List<OpenLine> restocked,
            long committed,
            List<OpenLine> kitLines) {
        Map<String, Long> perOrder = new TreeMap<>();
        long lines = 0;
        for (OpenLine l : open) {
            perOrder.merge(l.shopifyOrderId(), Math.max(0, l.remaining()), Long::sum);
            lines += Math.max(0, l.remaining());
        }
        for (OpenLine l : kitLines) {
            perOrder.merge(l.shopifyOrderId(), Math.max(0, l.remaining()), Long::sum);
        }
        for (OpenLine l : gone) {
            perOrder.merge(l.shopifyOrderId(), Math.max(0, l.remaining()), Long::sum);
        }
        long unreserved = 0;
        for (Map.Entry<String, Long> e : perOrder.entrySet()) {
            unreserved += Math.max(0, e.getValue() - Math.max(0, reserved.getOrDefault(e.getKey(), 0L)));
        }
        long unexplained = Math.max(0, committed - lines);
        Map<String, Long> back = new TreeMap<>();
        for (OpenLine l : restocked) {
            back.merge(l.shopifyOrderId(), Math.max(0, l.remaining()), Long::sum);
        }
        long restockedUnits = 0;
        for (Map.Entry<String, Long> e : back.entrySet()) {
            restockedUnits += Math.min(e.getValue(), Math.max(0, reserved.getOrDefault(e.getKey(), 0L)));
        }
        return new Result(
                onlineAtp - unreserved - unexplained + restockedUnits, unreserved, unexplained, lines <= committed);
    }
}
