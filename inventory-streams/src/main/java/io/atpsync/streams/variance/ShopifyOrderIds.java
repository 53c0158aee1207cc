package io.atpsync.streams.variance;

/**
 * Shopify order ids in one form: the numeric id webhooks carry ({@code 820982911946154508}), whether it arrives as that
 * number or as the GraphQL gid ({@code gid://shopify/Order/820982911946154508}).
 */
public final class ShopifyOrderIds {

    private static final String GID = "gid://shopify/Order/";

    private ShopifyOrderIds() {}

    /** The numeric id; null stays null. */
    public static String normalize(String id) {
        if (id == null) {
            return null;
        }
        String s = id.trim();
        if (s.startsWith(GID)) {
            s = s.substring(GID.length());
            int q = s.indexOf('?');
            s = q < 0 ? s : s.substring(0, q);
        }
        return s;
    }
}
