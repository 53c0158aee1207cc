package io.atpsync.emulator;

import io.atpsync.emulator.Model.AdjustmentGroup;
import io.atpsync.emulator.Model.Change;
import io.atpsync.emulator.Model.Item;
import io.atpsync.emulator.Model.Level;
import io.atpsync.emulator.Model.Location;
import io.atpsync.emulator.Model.Subscription;
import io.atpsync.emulator.Model.Variant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One emulated shop: its catalog, levels, history, tokens, bucket, faults and webhooks. Every method is synchronized: a
 * mutation is atomic, as Shopify's are. In order: set-up (the admin API), reads, inventory mutations, and what orders
 * ({@link ShopOrders}) need of the shop.
 */
final class Shop {

    /** Bulk operations and their JSONL results; each that ends sends bulk_operations/finish. */
    final BulkOperations bulk =
            new BulkOperations(o -> send("bulk_operations/finish", BulkOperations.finishPayload(o)));

    /** Staged uploads (the JSONL variables of bulk mutations) and the bulk mutations that read them. */
    final StagedUploads uploads = new StagedUploads();

    final BulkMutations bulkMutations = new BulkMutations(this);

    /** A userError as Shopify returns it. */
    record UserError(List<String> field, String message, String code) {}

    /** One requested change of a mutation. */
    record ChangeInput(String itemId, String locationId, long value, boolean hasChangeFrom, Long changeFromQuantity) {}

    /** The outcome of a mutation: the group, or the userErrors (nothing applied). */
    record MutationResult(AdjustmentGroup group, List<UserError> userErrors) {}

    final String domain;
    private Plan plan;
    final Credentials credentials = new Credentials(); // access tokens and client-credentials apps

    private final Map<String, Location> locations = new LinkedHashMap<>();
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Map<String, Variant> variants = new LinkedHashMap<>();
    private final LevelIndex levels = new LevelIndex();
    private final List<AdjustmentGroup> history = new ArrayList<>();
    private final IdempotencyKeys idempotency = new IdempotencyKeys();
    private final AtomicLong ids;
    final Bucket bucket;
    final Faults faults = new Faults();
    final Stats stats = new Stats();
    /** Webhook subscriptions and the secret that signs them. */
    final ShopWebhooks webhooks;

    /** A webhook to send after a change. */
    record WebhookEvent(Shop shop, String topic, Map<String, Object> payload, List<Subscription> to, String secret) {}

    Shop(String domain, Plan plan, String webhookSecret, long idBase, Consumer<WebhookEvent> webhooks) {
        this.domain = domain;
        this.plan = plan;
        this.ids = new AtomicLong(idBase);
        this.bucket = new Bucket(plan);
        this.webhooks = new ShopWebhooks(this, webhookSecret, webhooks);
    }

    synchronized void plan(Plan plan) {
        this.plan = plan;
        bucket.plan(plan);
    }

    synchronized Plan plan() {
        return plan;
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
        Level before = levels.get(itemId, locationId);
        Level level = before == null
                ? new Level(itemId, locationId, available, available, 0, now, now)
                : before.with(available, available + before.committed(), before.committed(), now);
        levels.put(level);
        return level;
    }

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
        return Optional.ofNullable(levels.get(itemId, locationId));
    }

    synchronized List<Level> levels() {
        return levels.all();
    }

    synchronized List<Level> levelsOf(String itemId) {
        return levels.ofItem(itemId);
    }

    synchronized List<Level> levelsAt(String locationId) {
        return levels.at(locationId);
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
            case "Order" -> sales.findOrder(Long.parseLong(Gid.number(gid))).map(o -> (Object) o);
            case "FulfillmentOrder" -> sales.fulfillmentOrder(gid).map(o -> (Object) o);
            default -> Optional.empty();
        };
    }

    /** The idempotent replay, if this key was used: the original result, or a mismatch error. */
    synchronized Optional<MutationResult> replay(String key, String parameters) {
        Optional<MutationResult> r = idempotency.replay(key, parameters);
        r.ifPresent(x -> stats.replays.incrementAndGet());
        return r;
    }

    /** inventoryAdjustQuantities: deltas to {@code available} (and {@code on_hand}), all or nothing. */
    synchronized MutationResult adjust(
            String name, String reason, String reference, List<ChangeInput> changes, String key, String parameters) {
        List<UserError> errors = MutationRules.adjustErrors(name, reason, reference, changes, stock);
        return finish("inventoryAdjustQuantities", reason, reference, changes, key, parameters, errors);
    }

    /** inventorySetQuantities: absolute {@code available} with compare-and-swap, all or nothing. */
    synchronized MutationResult set(
            String name, String reason, String reference, List<ChangeInput> quantities, String key, String parameters) {
        List<UserError> errors = MutationRules.setErrors(name, reason, reference, quantities, stock);
        List<ChangeInput> deltas = new ArrayList<>();
        if (errors.isEmpty()) {
            for (ChangeInput c : quantities) {
                Level l = levels.get(c.itemId(), c.locationId());
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
                Level l = levels.get(c.itemId(), c.locationId());
                // available and on_hand move together: neither mutation touches committed
                Level after = l.with(l.available() + c.value(), l.onHand() + c.value(), l.committed(), now);
                levels.put(after);
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
                    MutationRules.display(reason),
                    reference,
                    key,
                    List.copyOf(changes));
            history.add(group);
            result = new MutationResult(group, List.of());
        }
        if (key != null) {
            idempotency.remember(key, parameters, result);
        }
        return result;
    }

    /** What the mutation checks see of this shop (called under its lock). */
    private final MutationRules.Stock stock = new MutationRules.Stock() {
        @Override
        public boolean item(String itemId) {
            return items.containsKey(itemId);
        }

        @Override
        public boolean location(String locationId) {
            return locations.containsKey(locationId);
        }

        @Override
        public Level level(String itemId, String locationId) {
            return levels.get(itemId, locationId);
        }
    };

    /** Orders and their fulfillment orders, under this shop's lock. */
    final ShopOrders sales = new ShopOrders(this);

    /** Whether the item is stocked at the location. */
    synchronized boolean stocked(String itemId, String locationId) {
        return levels.has(itemId, locationId);
    }

    /** The inventory item of {@code sku}. */
    synchronized Optional<Item> itemBySku(String sku) {
        return items.values().stream().filter(i -> i.sku().equals(sku)).findFirst();
    }

    /** Moves units between an item's quantities at a location (an order's checkout, cancel or shipment). */
    synchronized void moveQuantities(String itemId, String locationId, long available, long onHand, long committed) {
        Level l = levels.get(itemId, locationId);
        Level after = l.with(l.available() + available, l.onHand() + onHand, l.committed() + committed, Instant.now());
        levels.put(after);
        if (available != 0) {
            notifyLevel(after);
        }
    }

    long nextOrderId() {
        return ids.incrementAndGet();
    }

    private void notifyLevel(Level l) {
        send("inventory_levels/update", OrderPayloads.levelUpdate(l));
    }

    synchronized void send(String topic, Map<String, Object> payload) {
        webhooks.send(topic, payload);
    }
}
