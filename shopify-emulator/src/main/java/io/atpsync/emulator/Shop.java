package io.atpsync.emulator;

import io.atpsync.emulator.Model.AdjustmentGroup;
import io.atpsync.emulator.Model.Change;
import io.atpsync.emulator.Model.Item;
import io.atpsync.emulator.Model.Level;
import io.atpsync.emulator.Model.Location;
import io.atpsync.emulator.Model.Subscription;
import io.atpsync.emulator.Model.Token;
import io.atpsync.emulator.Model.Variant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One emulated shop: its catalog, levels, history, tokens, bucket, faults and webhooks. Every method is synchronized: a
 * mutation is atomic, as Shopify's are.
 */
final class Shop {

    /** Bulk query operations and their JSONL results. */
    final BulkOperations bulk = new BulkOperations();

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

    /** A userError as Shopify returns it. */
    record UserError(List<String> field, String message, String code) {}

    /** One requested change of a mutation. */
    record ChangeInput(String itemId, String locationId, long value, boolean hasChangeFrom, Long changeFromQuantity) {}

    /** The outcome of a mutation: the group, or the userErrors (nothing applied). */
    record MutationResult(AdjustmentGroup group, List<UserError> userErrors) {}

    private record Remembered(String parameters, MutationResult result) {}

    final String domain;
    private Plan plan;
    private final Map<String, Token> tokens = new LinkedHashMap<>();
    private final Map<String, Model.Client> clients = new LinkedHashMap<>();
    private String webhookSecret;
    private final Map<String, Location> locations = new LinkedHashMap<>();
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Map<String, Variant> variants = new LinkedHashMap<>();
    private final Map<String, Level> levels = new LinkedHashMap<>();
    private final List<AdjustmentGroup> history = new ArrayList<>();
    private final Map<String, Remembered> idempotency = new LinkedHashMap<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final AtomicLong ids;
    final Bucket bucket;
    final Faults faults = new Faults();
    final Stats stats = new Stats();
    private final Consumer<WebhookEvent> webhooks;

    /** A webhook to send after a change. */
    record WebhookEvent(Shop shop, String topic, Map<String, Object> payload, List<Subscription> to, String secret) {}

    Shop(String domain, Plan plan, String webhookSecret, long idBase, Consumer<WebhookEvent> webhooks) {
        this.domain = domain;
        this.plan = plan;
        this.webhookSecret = webhookSecret;
        this.ids = new AtomicLong(idBase);
        this.bucket = new Bucket(plan);
        this.webhooks = webhooks;
    }

    // ---- set-up (admin API) -----------------------------------------------------------------------

    synchronized void plan(Plan plan) {
        this.plan = plan;
        bucket.plan(plan);
    }

    synchronized Plan plan() {
        return plan;
    }

    synchronized void addToken(String token, List<String> scopes) {
        tokens.put(token, new Token(token, List.copyOf(scopes), null));
    }

    synchronized void addClient(String clientId, String secret, List<String> scopes, long ttlSeconds) {
        clients.put(clientId, new Model.Client(clientId, secret, List.copyOf(scopes), ttlSeconds));
    }

    /** The client-credentials grant: a new token valid for the client's TTL, or empty for bad credentials. */
    /** Whether this shop has the client-credentials app {@code clientId}. */
    synchronized boolean hasClient(String clientId) {
        return clients.containsKey(clientId);
    }

    synchronized Optional<Token> grant(String clientId, String secret) {
        Model.Client c = clients.get(clientId);
        if (c == null || !c.secret().equals(secret)) {
            return Optional.empty();
        }
        Token t = new Token(
                "shpca_" + java.util.UUID.randomUUID().toString().replace("-", ""),
                c.scopes(),
                Instant.now().plusSeconds(c.ttlSeconds()));
        tokens.put(t.token(), t);
        return Optional.of(t);
    }

    /** Makes every token of this shop expire now (as a 24 h client-credentials token would). */
    synchronized void expireTokens() {
        tokens.replaceAll(
                (k, t) -> new Token(t.token(), t.scopes(), Instant.now().minusSeconds(1)));
    }

    synchronized void revokeToken(String token) {
        tokens.remove(token);
    }

    synchronized Optional<Token> token(String token) {
        return Optional.ofNullable(tokens.get(token)).filter(t -> t.valid(Instant.now()));
    }

    synchronized boolean hasToken(String token) {
        return token(token).isPresent();
    }

    synchronized void webhookSecret(String secret) {
        this.webhookSecret = secret;
    }

    synchronized void subscribe(String topic, String address) {
        Subscription s = new Subscription(topic, address);
        if (!subscriptions.contains(s)) {
            subscriptions.add(s);
        }
    }

    synchronized Location addLocation(String name) {
        Location l = new Location(Gid.of("Location", ids.incrementAndGet()), name, true, true);
        locations.put(l.id(), l);
        return l;
    }

    /** A product with one variant per SKU; each variant gets an inventory item with an id beyond 2^53. */
    synchronized List<Variant> addProduct(String title, List<String> skus) {
        String productId = Gid.of("Product", ids.incrementAndGet());
        List<Variant> created = new ArrayList<>();
        for (String sku : skus) {
            long n = ids.incrementAndGet();
            String itemId = Gid.of("InventoryItem", (1L << 53) + n * 7919);
            String variantId = Gid.of("ProductVariant", n);
            Instant now = Instant.now();
            items.put(itemId, new Item(itemId, sku, true, variantId, now));
            Variant v = new Variant(variantId, productId, title, sku, itemId);
            variants.put(variantId, v);
            created.add(v);
        }
        return created;
    }

    /** Stocks an item at a location (or resets its quantities). */
    synchronized Level stock(String itemId, String locationId, long available) {
        if (!items.containsKey(itemId) || !locations.containsKey(locationId)) {
            throw new IllegalArgumentException(
                    "unknown " + (items.containsKey(itemId) ? "location " + locationId : "inventory item " + itemId));
        }
        Instant now = Instant.now();
        Level before = levels.get(key(itemId, locationId));
        Level level = before == null
                ? new Level(itemId, locationId, available, available, 0, now, now)
                : before.with(available, available + before.committed(), before.committed(), now);
        levels.put(key(itemId, locationId), level);
        return level;
    }

    // ---- reads ------------------------------------------------------------------------------------

    synchronized List<Location> locations() {
        return List.copyOf(locations.values());
    }

    synchronized Optional<Location> location(String id) {
        return Optional.ofNullable(locations.get(id));
    }

    synchronized Optional<Item> item(String id) {
        return Optional.ofNullable(items.get(id));
    }

    synchronized Optional<Variant> variant(String id) {
        return Optional.ofNullable(variants.get(id));
    }

    synchronized List<Item> itemsWhere(java.util.function.Predicate<Item> filter) {
        return items.values().stream().filter(filter).toList();
    }

    synchronized List<Variant> variantsWhere(java.util.function.Predicate<Variant> filter) {
        return variants.values().stream().filter(filter).toList();
    }

    synchronized Optional<Level> level(String itemId, String locationId) {
        return Optional.ofNullable(levels.get(key(itemId, locationId)));
    }

    synchronized List<Level> levels() {
        return List.copyOf(levels.values());
    }

    synchronized List<AdjustmentGroup> history() {
        return List.copyOf(history);
    }

    synchronized Optional<Object> node(String gid) {
        return switch (String.valueOf(Gid.type(gid))) {
            case "Location" -> Optional.ofNullable(locations.get(gid));
            case "InventoryItem" -> Optional.ofNullable(items.get(gid));
            case "ProductVariant" -> Optional.ofNullable(variants.get(gid));
            case "BulkOperation" -> bulk.get(gid).map(o -> (Object) o);
            case "Order" -> orders.find(Long.parseLong(Gid.number(gid))).map(o -> (Object) o);
            case "FulfillmentOrder" -> orders.findFulfillmentOrder(gid).map(o -> (Object) o);
            default -> Optional.empty();
        };
    }

    // ---- mutations ---------------------------------------------------------------------------------

    /** The idempotent replay, if this key was used: the original result, or a mismatch error. */
    synchronized Optional<MutationResult> replay(String key, String parameters) {
        Remembered r = idempotency.get(key);
        if (r == null) {
            return Optional.empty();
        }
        stats.replays.incrementAndGet();
        if (!r.parameters().equals(parameters)) {
            return Optional.of(new MutationResult(
                    null,
                    List.of(new UserError(
                            List.of("idempotencyKey"),
                            "The same idempotency key cannot be used with different parameters.",
                            "IDEMPOTENCY_KEY_PARAMETER_MISMATCH"))));
        }
        return Optional.of(r.result());
    }

    /** inventoryAdjustQuantities: deltas to {@code available} (and {@code on_hand}), all or nothing. */
    synchronized MutationResult adjust(
            String name, String reason, String reference, List<ChangeInput> changes, String key, String parameters) {
        List<UserError> errors = common(name, List.of("available"), "INVALID_QUANTITY_NAME", reason, reference);
        for (int i = 0; i < changes.size(); i++) {
            ChangeInput c = changes.get(i);
            List<String> at = List.of("input", "changes", Integer.toString(i));
            Optional<UserError> e = itemAt(c, at);
            if (e.isPresent()) {
                errors.add(e.get());
                continue;
            }
            Level l = levels.get(key(c.itemId(), c.locationId()));
            if (c.hasChangeFrom() && c.changeFromQuantity() != null && c.changeFromQuantity() != l.available()) {
                errors.add(stale(at));
            } else if (l.available() + c.value() > 2_000_000_000L) {
                errors.add(new UserError(
                        field(at, "delta"),
                        "The quantity can't be higher than 2,000,000,000.",
                        "INVALID_QUANTITY_TOO_HIGH"));
            } else if (l.available() + c.value() < -2_000_000_000L) {
                errors.add(new UserError(
                        field(at, "delta"),
                        "The quantity can't be lower than -2,000,000,000.",
                        "INVALID_QUANTITY_TOO_LOW"));
            }
        }
        return finish("inventoryAdjustQuantities", reason, reference, changes, key, parameters, errors);
    }

    /** inventorySetQuantities: absolute {@code available} with compare-and-swap, all or nothing. */
    synchronized MutationResult set(
            String name, String reason, String reference, List<ChangeInput> quantities, String key, String parameters) {
        List<UserError> errors = common(name, List.of("available", "on_hand"), "INVALID_NAME", reason, reference);
        java.util.Set<String> pairs = new java.util.HashSet<>();
        for (int i = 0; i < quantities.size(); i++) {
            ChangeInput c = quantities.get(i);
            List<String> at = List.of("input", "quantities", Integer.toString(i));
            if (!pairs.add(key(c.itemId(), c.locationId()))) {
                errors.add(new UserError(
                        field(at, "locationId"),
                        "The combination of inventoryItemId and locationId must be unique.",
                        "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR"));
                continue;
            }
            Optional<UserError> e = itemAt(c, at);
            if (e.isPresent()) {
                errors.add(e.get());
                continue;
            }
            Level l = levels.get(key(c.itemId(), c.locationId()));
            long current = "on_hand".equals(name) ? l.onHand() : l.available();
            if (c.value() < 0) {
                errors.add(new UserError(
                        field(at, "quantity"), "The quantity can't be negative.", "INVALID_QUANTITY_NEGATIVE"));
            } else if (c.value() > 1_000_000_000L) {
                errors.add(new UserError(
                        field(at, "quantity"),
                        "The quantity can't be higher than 1,000,000,000.",
                        "INVALID_QUANTITY_TOO_HIGH"));
            } else if (c.hasChangeFrom() && c.changeFromQuantity() != null && c.changeFromQuantity() != current) {
                errors.add(stale(at));
            }
        }
        List<ChangeInput> deltas = new ArrayList<>();
        if (errors.isEmpty()) {
            for (ChangeInput c : quantities) {
                Level l = levels.get(key(c.itemId(), c.locationId()));
                long current = "on_hand".equals(name) ? l.onHand() : l.available();
                deltas.add(new ChangeInput(c.itemId(), c.locationId(), c.value() - current, false, null));
            }
        }
        return finish("inventorySetQuantities", reason, reference, deltas, key, parameters, errors);
    }

    private MutationResult finish(
            String mutation,
            String reason,
            String reference,
            List<ChangeInput> deltas,
            String key,
            String parameters,
            List<UserError> errors) {
        MutationResult result;
        if (!errors.isEmpty()) {
            stats.userErrors.addAndGet(errors.size());
            result = new MutationResult(null, List.copyOf(errors));
        } else {
            Instant now = Instant.now();
            List<Change> changes = new ArrayList<>();
            for (ChangeInput c : deltas) {
                Level l = levels.get(key(c.itemId(), c.locationId()));
                // available and on_hand move together: neither mutation touches committed
                Level after = l.with(l.available() + c.value(), l.onHand() + c.value(), l.committed(), now);
                levels.put(key(c.itemId(), c.locationId()), after);
                changes.add(new Change("available", c.value(), after.available(), c.itemId(), c.locationId()));
                changes.add(new Change("on_hand", c.value(), after.onHand(), c.itemId(), c.locationId()));
                stats.changesApplied.incrementAndGet();
                stats.unitsApplied.addAndGet(c.value());
                notifyLevel(after);
            }
            AdjustmentGroup group = new AdjustmentGroup(
                    Gid.of("InventoryAdjustmentGroup", ids.incrementAndGet()),
                    now,
                    mutation,
                    reason,
                    display(reason),
                    reference,
                    key,
                    List.copyOf(changes));
            history.add(group);
            result = new MutationResult(group, List.of());
        }
        if (key != null) {
            idempotency.put(key, new Remembered(parameters, result));
        }
        return result;
    }

    private List<UserError> common(String name, List<String> names, String nameCode, String reason, String reference) {
        List<UserError> errors = new ArrayList<>();
        if (!names.contains(name)) {
            errors.add(new UserError(
                    List.of("input", "name"), "The quantity name must be one of " + names + ".", nameCode));
        }
        if (!REASONS.contains(reason)) {
            errors.add(new UserError(List.of("input", "reason"), "The specified reason is invalid.", "INVALID_REASON"));
        }
        if (reference != null && !reference.matches("[A-Za-z][A-Za-z0-9+.-]*:.+")) {
            errors.add(new UserError(
                    List.of("input", "referenceDocumentUri"),
                    "The reference document URI isn't a valid URI.",
                    "INVALID_REFERENCE_DOCUMENT"));
        }
        return errors;
    }

    private Optional<UserError> itemAt(ChangeInput c, List<String> at) {
        if (!items.containsKey(c.itemId())) {
            return Optional.of(new UserError(
                    field(at, "inventoryItemId"),
                    "The specified inventory item could not be found.",
                    "INVALID_INVENTORY_ITEM"));
        }
        if (!locations.containsKey(c.locationId())) {
            return Optional.of(new UserError(
                    field(at, "locationId"), "The specified location could not be found.", "INVALID_LOCATION"));
        }
        if (!levels.containsKey(key(c.itemId(), c.locationId()))) {
            return Optional.of(new UserError(
                    field(at, "locationId"),
                    "The specified inventory item is not stocked at the location.",
                    "ITEM_NOT_STOCKED_AT_LOCATION"));
        }
        return Optional.empty();
    }

    private static UserError stale(List<String> at) {
        return new UserError(
                field(at, "changeFromQuantity"),
                "The changeFromQuantity argument no longer matches the persisted quantity.",
                "CHANGE_FROM_QUANTITY_STALE");
    }

    private static List<String> field(List<String> at, String name) {
        List<String> f = new ArrayList<>(at);
        f.add(name);
        return f;
    }

    private static String display(String reason) {
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

    // ---- orders (simulated shoppers) ---------------------------------------------------------------

    /** Orders and their fulfillment orders; their quantity moves go through {@link #moveQuantities}. */
    private final OrderBook orders = new OrderBook(
            new OrderBook.Quantities() {
                @Override
                public boolean stocked(String itemId, String locationId) {
                    return levels.containsKey(key(itemId, locationId));
                }

                @Override
                public void move(String itemId, String locationId, long available, long onHand, long committed) {
                    moveQuantities(itemId, locationId, available, onHand, committed);
                }
            },
            this::nextOrderId);

    /**
     * A shopper's order, as Shopify takes it at checkout: each line's units move from {@code available} to
     * {@code committed} at the location Shopify's order routing assigns (here the caller's {@code locationId} per
     * line), one fulfillment order per location. {@code sourceName} "web" (online, the order's {@code location_id} is
     * null) or "pos" (the order's {@code location_id} is the store's). Sends orders/create in Shopify's shape.
     */
    synchronized Map<String, Object> order(
            long orderId, String sourceName, String posLocationId, List<Map<String, Object>> lines) {
        List<OrderBook.Wanted> wanted = new ArrayList<>();
        for (Map<String, Object> line : lines) {
            String sku = String.valueOf(line.get("sku"));
            String locationId = line.get("locationId") != null ? String.valueOf(line.get("locationId")) : posLocationId;
            if (locationId == null) {
                throw new IllegalArgumentException(
                        "line " + sku + ": no locationId (the location Shopify's order routing assigns it to)");
            }
            long quantity = ((Number) line.getOrDefault("quantity", 1)).longValue();
            Item item = items.values().stream()
                    .filter(i -> i.sku().equals(sku))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no inventory item with sku " + sku));
            wanted.add(new OrderBook.Wanted(sku, item.id(), item.variantId(), quantity, locationId));
        }
        Model.Order o = orders.place(orderId, sourceName, "pos".equals(sourceName) ? posLocationId : null, wanted);
        return sendOrder("orders/create", o);
    }

    /** orderCancel: restocks (or not) what is still committed; sends orders/cancelled and orders/updated. */
    synchronized Map<String, Object> cancel(long orderId, boolean restock, String reason) {
        Model.Order o = orders.cancel(orderId, restock, reason);
        sendOrder("orders/updated", o);
        return sendOrder("orders/cancelled", o);
    }

    /**
     * Fulfils the order's open fulfillment orders (committed and on_hand down); sends orders/fulfilled and
     * orders/updated.
     */
    synchronized Map<String, Object> fulfill(long orderId) {
        Model.Order o = orders.fulfill(orderId);
        sendOrder("orders/fulfilled", o);
        return sendOrder("orders/updated", o);
    }

    /** fulfillmentOrderMove: the committed units follow to the new location; sends fulfillment_orders/moved. */
    synchronized Map<String, Object> moveFulfillmentOrder(String fulfillmentOrderId, String newLocationId) {
        OrderBook.Moved m = orders.move(fulfillmentOrderId, newLocationId);
        Map<String, Object> payload = OrderPayloads.moved(m);
        send("fulfillment_orders/moved", payload);
        return payload;
    }

    synchronized Model.FulfillmentOrder startFulfillment(String fulfillmentOrderId) {
        return orders.start(fulfillmentOrderId);
    }

    synchronized Optional<Model.Order> findOrder(long orderId) {
        return orders.find(orderId);
    }

    synchronized List<Model.Order> orders() {
        return orders.orders();
    }

    synchronized List<Model.FulfillmentOrder> fulfillmentOrders(long orderId) {
        return orders.of(orderId);
    }

    synchronized List<Model.FulfillmentOrder> fulfillmentOrders() {
        return orders.fulfillmentOrders();
    }

    synchronized Optional<Model.FulfillmentOrder> fulfillmentOrder(String id) {
        return orders.findFulfillmentOrder(id);
    }

    private Map<String, Object> sendOrder(String topic, Model.Order o) {
        Map<String, Object> payload = OrderPayloads.order(o, orders.of(o.id()));
        send(topic, payload);
        return payload;
    }

    private void moveQuantities(String itemId, String locationId, long available, long onHand, long committed) {
        Level l = levels.get(key(itemId, locationId));
        Level after = l.with(l.available() + available, l.onHand() + onHand, l.committed() + committed, Instant.now());
        levels.put(key(itemId, locationId), after);
        if (available != 0) {
            notifyLevel(after);
        }
    }

    long nextOrderId() {
        return ids.incrementAndGet();
    }

    private void notifyLevel(Level l) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("inventory_item_id", Long.parseUnsignedLong(Gid.number(l.itemId())));
        payload.put("location_id", Long.parseLong(Gid.number(l.locationId())));
        payload.put("available", l.available());
        payload.put("updated_at", l.updatedAt().toString());
        payload.put(
                "admin_graphql_api_id",
                Gid.level(Long.parseLong(Gid.number(l.locationId())), Long.parseUnsignedLong(Gid.number(l.itemId()))));
        send("inventory_levels/update", payload);
    }

    private void send(String topic, Map<String, Object> payload) {
        List<Subscription> to =
                subscriptions.stream().filter(s -> s.topic().equals(topic)).toList();
        if (!to.isEmpty()) {
            webhooks.accept(new WebhookEvent(this, topic, payload, to, webhookSecret));
        }
    }

    private static String key(String itemId, String locationId) {
        return itemId + "|" + locationId;
    }
}
