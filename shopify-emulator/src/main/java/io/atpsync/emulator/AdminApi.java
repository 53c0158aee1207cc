package io.atpsync.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulator's own API, JSON under {@code /emulator}:
 *
 * <pre>
 * POST /emulator/seed                              {"shops":[...]} (see demo-shop.json)
 * POST /emulator/shops                             {"domain","plan","webhookSecret","tokens":[{"token","scopes":[]}]}
 * GET  /emulator/shops/{shop}                      plan, tokens' scopes, stats
 * POST /emulator/shops/{shop}/locations            {"name"}
 * POST /emulator/shops/{shop}/products             {"title","skus":[],"stock":{"location name or id":available}}
 * PUT  /emulator/shops/{shop}/levels               {"inventoryItemId","locationId","available"}, or {"levels":[those]}
 * GET  /emulator/shops/{shop}/levels               every level with its SKU
 * GET  /emulator/shops/{shop}/catalog              sku → inventory item, location name → id
 * GET  /emulator/shops/{shop}/adjustments          the inventory history (group, reason, reference, key, changes);
 *                                                  ?mutation=NAME filters
 * POST /emulator/shops/{shop}/orders               {"orderId"?,"sourceName":"web|pos","locationId"(pos store)?,
 *                                                  "lines":[{"sku","quantity","locationId"}]} → orders/create; a line's
 *                                                  locationId is where Shopify's order routing assigns it (its
 *                                                  fulfillment order's location), never part of the payload
 * GET  /emulator/shops/{shop}/orders/{id}          the order with its fulfillment orders
 * POST /emulator/shops/{shop}/orders/{id}/cancel   {"restock":true|false,"reason"?} → orders/updated, orders/cancelled
 * POST /emulator/shops/{shop}/orders/{id}/fulfill  every open fulfillment order → orders/fulfilled, orders/updated
 * POST /emulator/shops/{shop}/fulfillment-orders/{id}/move   {"locationId"} → fulfillment_orders/moved
 *                                                  (id: gid or number)
 * POST /emulator/shops/{shop}/fulfillment-orders/{id}/start  OPEN → IN_PROGRESS
 * POST /emulator/shops/{shop}/webhooks             {"topic","address"}
 * PUT  /emulator/webhooks                          {"delayMillis": N}: every webhook is delivered N ms after its change
 * PUT  /emulator/shops/{shop}/faults               {"errorRate","timeoutRate","dropRate","timeoutDelayMillis",
 *                                                  "retryAfterSeconds","throttledStatus","seed",
 *                                                  "revokeTokenAfterMutations" (that many mutations answered, then
 *                                                  the token is revoked),
 *                                                  "failGrants" (that many client-credentials grants answer 503,
 *                                                  then they work),
 *                                                  "afterLevelReads" ([{"fulfill": orderId, "order": {orderId, sku,
 *                                                  quantity, locationId}}]: after each inventory-level read is
 *                                                  answered, the next step),
 *                                                  "fulfillAfterOpenOrdersReads" (order ids: after each open
 *                                                  fulfillment-orders read is answered, the next one is fulfilled)}
 * PUT  /emulator/shops/{shop}/plan                 {"plan":"STANDARD|ADVANCED|PLUS"}
 * PUT  /emulator/shops/{shop}/bucket               {"currentlyAvailable": points}
 * POST /emulator/shops/{shop}/tokens               {"token","scopes":[]};  DELETE /emulator/shops/{shop}/tokens/{token}
 * POST /emulator/shops/{shop}/clients              {"clientId","secret","scopes":[],"ttlSeconds"} for the
 *                                                  client-credentials grant
 * POST /emulator/shops/{shop}/expire-tokens        every token of the shop expires now
 * </pre>
 */
final class AdminApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ShopifyEmulator emulator;

    AdminApi(ShopifyEmulator emulator) {
        this.emulator = emulator;
    }

    void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String[] path = ex.getRequestURI()
                    .getRawPath()
                    .substring("/emulator".length())
                    .split("/");
            List<String> parts = new ArrayList<>();
            for (String p : path) {
                if (!p.isEmpty()) {
                    parts.add(URLDecoder.decode(p, StandardCharsets.UTF_8));
                }
            }
            Object result;
            try {
                result = route(ex.getRequestMethod(), parts, query(ex), body(ex));
            } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
                ShopifyEmulator.reply(ex, 400, Map.of("error", String.valueOf(e.getMessage())), Map.of());
                return;
            } catch (RuntimeException e) {
                ShopifyEmulator.reply(ex, 500, Map.of("error", e.toString()), Map.of());
                return;
            }
            if (result == null) {
                ShopifyEmulator.reply(
                        ex,
                        404,
                        Map.of(
                                "error",
                                "no such emulator resource: " + ex.getRequestMethod() + " "
                                        + ex.getRequestURI().getPath()),
                        Map.of());
                return;
            }
            ShopifyEmulator.replyStreamed(ex, 200, result);
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            return bytes.length == 0 ? Map.of() : JSON.readValue(bytes, Map.class);
        }
    }

    @SuppressWarnings("unchecked")
    private Object route(String method, List<String> p, Map<String, String> query, Map<String, Object> body) {
        if (p.size() == 1 && p.get(0).equals("seed") && method.equals("POST")) {
            ShopSeed.seed(emulator, body);
            return Map.of("shops", emulator.shops().stream().map(s -> s.domain).toList());
        }
        if (p.size() == 1 && p.get(0).equals("webhooks") && method.equals("PUT")) {
            emulator.webhooks()
                    .delay(((Number) body.getOrDefault("delayMillis", 0))
                            .longValue()); // late webhooks, as Shopify's can be
            return Map.of("delayMillis", emulator.webhooks().delay());
        }
        if (p.size() == 1 && p.get(0).equals("webhooks") && method.equals("GET")) {
            return emulator.webhooks()
                    .view(); // {queued, sent, failed, retried, lanes, accepted, finishedThrough}: how far behind
            // delivery is
        }
        if (p.size() == 1 && p.get(0).equals("shops")) {
            return method.equals("POST")
                    ? AdminViews.describe(ShopSeed.createShop(emulator, body))
                    : emulator.shops().stream().map(s -> s.domain).toList();
        }
        if (p.size() < 2 || !p.get(0).equals("shops")) {
            return null;
        }
        Shop shop = emulator.shop(p.get(1)).orElseThrow(() -> new IllegalArgumentException("no shop " + p.get(1)));
        String what = p.size() > 2 ? p.get(2) : "";
        if (p.size() >= 4 && (what.equals("orders") || what.equals("fulfillment-orders"))) {
            return orderRoute(shop, method, what, p.get(3), p.size() > 4 ? p.get(4) : "", body);
        }
        return switch (method + " " + what) {
            case "GET " -> AdminViews.describe(shop);
            case "POST locations" -> shop.addLocation(String.valueOf(body.get("name")));
            case "POST products" -> addProduct(shop, body);
            case "PUT levels" -> {
                if (body.get("levels") instanceof List<?> many) { // {"levels":[{...}, ...]}: many at once (benchmarks)
                    for (Object o : many) {
                        Map<String, Object> l = (Map<String, Object>) o;
                        shop.stock(
                                String.valueOf(l.get("inventoryItemId")),
                                String.valueOf(l.get("locationId")),
                                ((Number) l.get("available")).longValue());
                    }
                    yield Map.of("updated", many.size());
                }
                Model.Level level = shop.stock(
                        String.valueOf(body.get("inventoryItemId")),
                        String.valueOf(body.get("locationId")),
                        ((Number) body.get("available")).longValue());
                yield Model.levelView(
                        level, shop.item(level.itemId()).map(Model.Item::sku).orElse(null));
            }
            case "GET levels" -> AdminViews.levels(shop);
            case "GET catalog" -> AdminViews.catalog(shop);
            case "GET adjustments" -> {
                // ?mutation=inventorySetQuantities: those groups only. Converted as it is written: a long run's history
                // is large.
                String mutation = query.get("mutation");
                yield shop.history().stream()
                        .filter(g -> mutation == null || g.mutation().equals(mutation))
                        .map(AdminViews::groupView)
                        .iterator();
            }
            case "POST orders" ->
                shop.sales.order(
                        body.get("orderId") == null
                                ? shop.nextOrderId()
                                : Long.parseLong(String.valueOf(body.get("orderId"))),
                        String.valueOf(body.getOrDefault("sourceName", "web")),
                        (String) body.get("locationId"),
                        (List<Map<String, Object>>) body.get("lines"));
            case "GET orders" ->
                shop.sales.orders().stream()
                        .map(o -> AdminViews.orderView(shop, o))
                        .toList();
            case "POST webhooks" -> {
                shop.webhooks.subscribe(String.valueOf(body.get("topic")), String.valueOf(body.get("address")));
                yield Map.of("subscribed", body);
            }
            case "PUT faults" -> {
                shop.faults.configure(body);
                yield Map.of("faults", body);
            }
            case "PUT plan" -> {
                shop.plan(Plan.valueOf(String.valueOf(body.get("plan"))));
                yield Map.of("plan", shop.plan());
            }
            case "POST clients" -> {
                shop.credentials.addClient(
                        String.valueOf(body.get("clientId")),
                        String.valueOf(body.get("secret")),
                        (List<String>) body.getOrDefault("scopes", List.of()),
                        ((Number) body.getOrDefault("ttlSeconds", 86_400)).longValue());
                yield Map.of("client", body.get("clientId"));
            }
            case "POST expire-tokens" -> {
                shop.credentials.expireTokens();
                yield Map.of("tokens", "expired");
            }
            case "GET bulk" -> Map.of("linesPerSecond", shop.bulkMutations.linesPerSecond());
            case "PUT bulk" -> {
                shop.bulkMutations.linesPerSecond(((Number) body.get("linesPerSecond")).doubleValue());
                yield Map.of("linesPerSecond", shop.bulkMutations.linesPerSecond());
            }
            case "PUT bucket" -> {
                shop.bucket.level(((Number) body.get("currentlyAvailable")).doubleValue());
                yield shop.bucket.status();
            }
            case "POST tokens" -> {
                shop.credentials.addToken(
                        String.valueOf(body.get("token")), (List<String>) body.getOrDefault("scopes", List.of()));
                yield Map.of("token", "added");
            }
            case "DELETE tokens" -> {
                shop.credentials.revokeToken(p.get(3));
                yield Map.of("token", "revoked");
            }
            default -> null;
        };
    }

    private Object orderRoute(
            Shop shop, String method, String what, String id, String action, Map<String, Object> body) {
        if (what.equals("fulfillment-orders")) {
            String gid = id.startsWith("gid:") ? id : Gid.of("FulfillmentOrder", Long.parseLong(id));
            return switch (method + " " + action) {
                case "POST move" -> shop.sales.moveFulfillmentOrder(gid, String.valueOf(body.get("locationId")));
                case "POST start" ->
                    Map.of("id", shop.sales.startFulfillment(gid).id(), "status", "IN_PROGRESS");
                default -> null;
            };
        }
        long orderId = Long.parseLong(Gid.number(id));
        return switch (method + " " + action) {
            case "GET " ->
                AdminViews.orderView(
                        shop,
                        shop.sales
                                .findOrder(orderId)
                                .orElseThrow(() -> new IllegalArgumentException("no order " + id)));
            case "POST cancel" ->
                shop.sales.cancel(orderId, Boolean.TRUE.equals(body.get("restock")), (String) body.get("reason"));
            case "POST fulfill" -> shop.sales.fulfill(orderId);
            default -> null;
        };
    }

    private Object addProduct(Shop shop, Map<String, Object> body) {
        Map<String, String> byName = new LinkedHashMap<>();
        shop.locations().forEach(l -> byName.put(l.name(), l.id()));
        return ShopSeed.addProduct(shop, body, byName);
    }
}
