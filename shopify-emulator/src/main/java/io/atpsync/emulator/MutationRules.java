package io.atpsync.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What Shopify checks in an inventory mutation's input before it changes anything, with its userErrors' texts. */
final class MutationRules {

    private MutationRules() {}

    /** Shopify's documented reasons for inventory changes. */
    static final Set<String> REASONS = Set.of(
            "correction",
            "cycle_count_available",
            "damaged",
            "movement_canceled",
            "movement_created",
            "movement_received",
            "movement_updated",
            "other",
            "promotion",
            "quality_control",
            "received",
            "reservation_created",
            "reservation_deleted",
            "reservation_updated",
            "restock",
            "safety_stock",
            "shrinkage");

    static List<Shop.UserError> common(
            String name, List<String> names, String nameCode, String reason, String reference) {
        List<Shop.UserError> errors = new ArrayList<>();
        if (!names.contains(name)) {
            errors.add(new Shop.UserError(
                    List.of("input", "name"), "The quantity name must be one of " + names + ".", nameCode));
        }
        if (!REASONS.contains(reason)) {
            errors.add(new Shop.UserError(
                    List.of("input", "reason"), "The specified reason is invalid.", "INVALID_REASON"));
        }
        if (reference != null && !reference.matches("[A-Za-z][A-Za-z0-9+.-]*:.+")) {
            errors.add(new Shop.UserError(
                    List.of("input", "referenceDocumentUri"),
                    "The reference document URI isn't a valid URI.",
                    "INVALID_REFERENCE_DOCUMENT"));
        }
        return errors;
    }

    static Shop.UserError stale(List<String> at) {
        return new Shop.UserError(
                field(at, "changeFromQuantity"),
                "The changeFromQuantity argument no longer matches the persisted quantity.",
                "CHANGE_FROM_QUANTITY_STALE");
    }

    static List<String> field(List<String> at, String name) {
        List<String> f = new ArrayList<>(at);
        f.add(name);
        return f;
    }

    static String display(String reason) {
        return switch (reason) {
            case "correction" -> "Inventory correction";
            case "cycle_count_available" -> "Cycle count";
            case "received" -> "Inventory received";
            case "movement_received" -> "Movement received";
            case "restock" -> "Restocked";
            case "damaged" -> "Damaged";
            case "shrinkage" -> "Shrinkage";
            default ->
                reason.substring(0, 1).toUpperCase() + reason.substring(1).replace('_', ' ');
        };
    }

    /** What the checks see of a shop. */
    interface Stock {
        boolean item(String itemId);

        boolean location(String locationId);

        /** The item's level at the location, or null when it is not stocked there. */
        Model.Level level(String itemId, String locationId);
    }

    /** inventoryAdjustQuantities' checks, in Shopify's order: nothing is applied when any fails. */
    static List<Shop.UserError> adjustErrors(
            String name, String reason, String reference, List<Shop.ChangeInput> changes, Stock stock) {
        List<Shop.UserError> errors = common(name, List.of("available"), "INVALID_QUANTITY_NAME", reason, reference);
        for (int i = 0; i < changes.size(); i++) {
            Shop.ChangeInput c = changes.get(i);
            List<String> at = List.of("input", "changes", Integer.toString(i));
            Optional<Shop.UserError> e = itemAt(c, at, stock);
            if (e.isPresent()) {
                errors.add(e.get());
                continue;
            }
            Model.Level l = stock.level(c.itemId(), c.locationId());
            if (c.hasChangeFrom() && c.changeFromQuantity() != null && c.changeFromQuantity() != l.available()) {
                errors.add(stale(at));
            } else if (l.available() + c.value() > 2_000_000_000L) {
                errors.add(new Shop.UserError(
                        field(at, "delta"),
                        "The quantity can't be higher than 2,000,000,000.",
                        "INVALID_QUANTITY_TOO_HIGH"));
            } else if (l.available() + c.value() < -2_000_000_000L) {
                errors.add(new Shop.UserError(
                        field(at, "delta"),
                        "The quantity can't be lower than -2,000,000,000.",
                        "INVALID_QUANTITY_TOO_LOW"));
            }
        }
        return errors;
    }

    /** inventorySetQuantities' checks, in Shopify's order: nothing is applied when any fails. */
    static List<Shop.UserError> setErrors(
            String name, String reason, String reference, List<Shop.ChangeInput> quantities, Stock stock) {
        List<Shop.UserError> errors = common(name, List.of("available", "on_hand"), "INVALID_NAME", reason, reference);
        java.util.Set<String> pairs = new java.util.HashSet<>();
        for (int i = 0; i < quantities.size(); i++) {
            Shop.ChangeInput c = quantities.get(i);
            List<String> at = List.of("input", "quantities", Integer.toString(i));
            if (!pairs.add(c.itemId() + "|" + c.locationId())) {
                errors.add(new Shop.UserError(
                        field(at, "locationId"),
                        "The combination of inventoryItemId and locationId must be unique.",
                        "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR"));
                continue;
            }
            Optional<Shop.UserError> e = itemAt(c, at, stock);
            if (e.isPresent()) {
                errors.add(e.get());
                continue;
            }
            Model.Level l = stock.level(c.itemId(), c.locationId());
            long current = "on_hand".equals(name) ? l.onHand() : l.available();
            if (c.value() < 0) {
                errors.add(new Shop.UserError(
                        field(at, "quantity"), "The quantity can't be negative.", "INVALID_QUANTITY_NEGATIVE"));
            } else if (c.value() > 1_000_000_000L) {
                errors.add(new Shop.UserError(
                        field(at, "quantity"),
                        "The quantity can't be higher than 1,000,000,000.",
                        "INVALID_QUANTITY_TOO_HIGH"));
            } else if (c.hasChangeFrom() && c.changeFromQuantity() != null && c.changeFromQuantity() != current) {
                errors.add(stale(at));
            }
        }
        return errors;
    }

    private static Optional<Shop.UserError> itemAt(Shop.ChangeInput c, List<String> at, Stock stock) {
        if (!stock.item(c.itemId())) {
            return Optional.of(new Shop.UserError(
                    field(at, "inventoryItemId"),
                    "The specified inventory item could not be found.",
                    "INVALID_INVENTORY_ITEM"));
        }
        if (!stock.location(c.locationId())) {
            return Optional.of(new Shop.UserError(
                    field(at, "locationId"), "The specified location could not be found.", "INVALID_LOCATION"));
        }
        if (stock.level(c.itemId(), c.locationId()) == null) {
            return Optional.of(new Shop.UserError(
                    field(at, "locationId"),
                    "The specified inventory item is not stocked at the location.",
                    "ITEM_NOT_STOCKED_AT_LOCATION"));
        }
        return Optional.empty();
    }
}
