package io.atpsync.streams.atp;

import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule of each event type (DESIGN.md's table) and the sanity limits every event must meet. A broken rule is a
 * reason the event goes to the DLQ instead of changing stock.
 */
public final class EventRules {

    /** Quantities beyond this (either sign) are absurd, not inventory. */
    public static final long MAX_QUANTITY = 1_000_000_000L;

    /** SKUs and facility ids: printable, no '|' (our composite-key separator), at most 128 characters. */
    private static final Pattern ID = Pattern.compile("[\\p{Alnum}._\\-/:#+ ]{1,128}");

    private EventRules() {}

    /** Why {@code e} is invalid, or empty when it may be applied. */
    public static Optional<String> violation(InventoryEvent e) {
        if (e.getEventId() == null || e.getEventId().isBlank()) {
            return Optional.of("eventId is blank");
        }
        if (!validId(e.getSku())) {
            return Optional.of(
                    "sku '" + e.getSku() + "' has an unknown format (1-128 letters, digits, . _ - / : # + or space)");
        }
        if (!validId(e.getFacilityId())) {
            return Optional.of("facilityId '" + e.getFacilityId() + "' has an unknown format");
        }
        for (Long q : new Long[] {e.getQohDiff(), e.getAtpDiff(), e.getSetQoh(), e.getSetAtp()}) {
            if (q != null && Math.abs(q) > MAX_QUANTITY) {
                return Optional.of("quantity " + q + " is beyond ±" + MAX_QUANTITY);
            }
        }
        long q = e.getQohDiff();
        long a = e.getAtpDiff();
        boolean absolute = e.getType() == EventType.CYCLE_COUNT || e.getType() == EventType.RESET;
        if (!absolute && (e.getSetQoh() != null || e.getSetAtp() != null)) {
            return Optional.of(e.getType() + " must not carry setQoh/setAtp (only CYCLE_COUNT and RESET do)");
        }
        return switch (e.getType()) {
            case RECEIPT, TRANSFER_RECEIPT, RETURN_RESTOCK, FOUND ->
                q < 0 || a < 0 || (q == 0 && a == 0) ? broken(e, "diffs > 0") : Optional.empty();
            case POS_SALE, DAMAGED, LOST, SHRINKAGE ->
                q > 0 || a > 0 || (q == 0 && a == 0) ? broken(e, "diffs < 0") : Optional.empty();
            case ADJUSTMENT -> q == 0 && a == 0 ? broken(e, "a non-zero diff") : Optional.empty();
            case RESERVATION_CREATED -> q != 0 || a >= 0 ? broken(e, "qohDiff = 0 and atpDiff < 0") : Optional.empty();
            case RESERVATION_RELEASED -> q != 0 || a <= 0 ? broken(e, "qohDiff = 0 and atpDiff > 0") : Optional.empty();
            case FULFILLED -> a != 0 || q >= 0 ? broken(e, "atpDiff = 0 and qohDiff < 0") : Optional.empty();
            case CYCLE_COUNT, RESET -> {
                if (e.getSetQoh() == null && e.getSetAtp() == null) {
                    yield broken(e, "setQoh or setAtp");
                }
                if (q != 0 || a != 0) {
                    yield broken(e, "no diffs (it is absolute)");
                }
                yield e.getSetQoh() != null && e.getSetQoh() < 0 ? broken(e, "setQoh >= 0") : Optional.empty();
            }
            case UNKNOWN -> Optional.of("unknown event type (newer than this application's schema)");
        };
    }

    /** The stock change an event makes (call only for a valid event). */
    public static StockChange change(InventoryEvent e) {
        long at = e.getOccurredAt().toEpochMilli();
        return switch (e.getType()) {
            case CYCLE_COUNT, RESET -> StockChange.count(at, e.getSetQoh(), e.getSetAtp());
            case RESERVATION_CREATED, RESERVATION_RELEASED -> StockChange.delta(at, 0, e.getAtpDiff());
            case FULFILLED -> StockChange.delta(at, e.getQohDiff(), 0);
            default -> StockChange.delta(at, e.getQohDiff(), e.getAtpDiff());
        };
    }

    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static Optional<String> broken(InventoryEvent e, String rule) {
        return Optional.of(e.getType() + " requires " + rule + " (qohDiff=" + e.getQohDiff() + ", atpDiff="
                + e.getAtpDiff() + ", setQoh=" + e.getSetQoh() + ", setAtp=" + e.getSetAtp() + ")");
    }
}
