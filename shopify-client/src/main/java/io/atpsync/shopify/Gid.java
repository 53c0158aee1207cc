package io.atpsync.shopify;

/** Shopify's global ids (gid://shopify/Location/123). */
public final class Gid {

    private Gid() {}

    /** The numeric part: gid://shopify/Location/123 → 123 (a query string such as ?inventory_item_id=… dropped). */
    public static String number(String gid) {
        String n = gid.substring(gid.lastIndexOf('/') + 1);
        int q = n.indexOf('?');
        return q < 0 ? n : n.substring(0, q);
    }
}
