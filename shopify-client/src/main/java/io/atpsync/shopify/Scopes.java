package io.atpsync.shopify;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The access scopes ATP Sync needs, by what it does with them, and which of them a token lacks. A {@code write_} scope
 * grants its {@code read_} (shopify.dev, API access scopes: "Any scope that writes a resource also grants read access
 * to it"); one need may be met by any of several scopes (fulfillment orders come in three kinds). Bulk operations have
 * no scope of their own: a bulk query or mutation needs the scopes of what it reads or writes.
 */
public final class Scopes {

    /** A need: what it is for, and the scopes that meet it (any one). */
    public record Need(String purpose, List<String> anyOf) {
        public String describe() {
            return String.join(" or ", anyOf) + " (" + purpose + ")";
        }
    }

    public static final Need INVENTORY_WRITE = new Need("inventory writes", List.of("write_inventory"));
    public static final Need INVENTORY_READ =
            new Need("inventory reads: levels, items, bulk reads", List.of("read_inventory"));
    public static final Need FULFILLMENT_ORDERS = new Need(
            "fulfillment orders: what an order holds at a location, for hard syncs and audits",
            List.of(
                    "read_merchant_managed_fulfillment_orders",
                    "read_assigned_fulfillment_orders",
                    "read_third_party_fulfillment_orders"));
    public static final Need ORDERS =
            new Need("orders: their webhooks and a cancelled order's restock", List.of("read_orders"));
    public static final Need PRODUCTS = new Need("the catalog import's variants", List.of("read_products"));

    /** What the sink needs to start. */
    public static final List<Need> SINK = List.of(INVENTORY_WRITE, INVENTORY_READ, FULFILLMENT_ORDERS);
    /** What the whole system needs on a real shop: the sink's, the webhook bridge's and the imports'. */
    public static final List<Need> ALL = List.of(INVENTORY_WRITE, INVENTORY_READ, FULFILLMENT_ORDERS, ORDERS, PRODUCTS);

    private Scopes() {}

    /** The handles a {@link ShopifyDocuments#SCOPES} answer's {@code data} lists as granted. */
    public static Set<String> granted(com.fasterxml.jackson.databind.JsonNode data) {
        Set<String> granted = new HashSet<>();
        data.path("currentAppInstallation")
                .path("accessScopes")
                .forEach(s -> granted.add(s.path("handle").asText()));
        return granted;
    }

    /** The needs {@code granted} (scope handles, as {@code accessScopes} lists them) does not meet. */
    public static List<Need> missing(Set<String> granted, List<Need> needs) {
        Set<String> implied = new HashSet<>(granted);
        for (String g : granted) {
            if (g.startsWith("write_")) {
                implied.add("read_" + g.substring("write_".length()));
            }
        }
        List<Need> out = new ArrayList<>();
        for (Need n : needs) {
            if (n.anyOf().stream().noneMatch(implied::contains)) {
                out.add(n);
            }
        }
        return out;
    }
}
