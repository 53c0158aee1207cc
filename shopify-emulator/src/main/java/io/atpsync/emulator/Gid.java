package io.atpsync.emulator;

/** Shopify global ids as Shopify formats them, e.g. {@code gid://shopify/InventoryItem/271878346596884015}. */
final class Gid {

    private Gid() {}

    static String of(String type, long id) {
        return "gid://shopify/" + type + "/" + Long.toUnsignedString(id);
    }

    static String level(long locationId, long itemId) {
        return "gid://shopify/InventoryLevel/" + locationId + "?inventory_item_id=" + Long.toUnsignedString(itemId);
    }

    /** The type of a gid ({@code InventoryItem}), or null when it is not one. */
    static String type(String gid) {
        if (gid == null || !gid.startsWith("gid://shopify/")) {
            return null;
        }
        String rest = gid.substring("gid://shopify/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? null : rest.substring(0, slash);
    }

    /** The numeric part of a gid, for webhook payloads. */
    static String number(String gid) {
        String n = gid.substring(gid.lastIndexOf('/') + 1);
        int q = n.indexOf('?');
        return q < 0 ? n : n.substring(0, q);
    }
}
