package io.atpsync.emulator;

import io.atpsync.emulator.Model.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** One shop's webhook subscriptions and secret: each change's webhook goes to the subscribers of its topic. */
final class ShopWebhooks {

    private final Shop shop;
    private final Consumer<Shop.WebhookEvent> sink;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private String secret;

    ShopWebhooks(Shop shop, String secret, Consumer<Shop.WebhookEvent> sink) {
        this.shop = shop;
        this.secret = secret;
        this.sink = sink;
    }

    synchronized void secret(String secret) {
        this.secret = secret;
    }

    synchronized void subscribe(String topic, String address) {
        Subscription s = new Subscription(topic, address);
        if (!subscriptions.contains(s)) {
            subscriptions.add(s);
        }
    }

    /** A subscription made through the Admin API ({@code webhookSubscriptionCreate}): its id, enum topic and URI. */
    record Registered(String id, String topic, String uri, String createdAt, String updatedAt) {}

    private final Map<String, Registered> registered = new java.util.LinkedHashMap<>();

    /** {@code webhookSubscriptionCreate}: delivers {@code topic}'s webhooks to {@code uri} from now on. */
    synchronized Registered create(String topic, String uri) {
        String now = java.time.Instant.now().toString();
        Registered r = new Registered(Gid.of("WebhookSubscription", registered.size() + 1L), topic, uri, now, now);
        registered.put(r.id(), r);
        subscribe(path(topic), uri);
        return r;
    }

    /** {@code webhookSubscriptionUpdate}: the subscription's webhooks go to {@code uri} instead; null if unknown. */
    synchronized Registered update(String id, String uri) {
        Registered was = registered.get(id);
        if (was == null) {
            return null;
        }
        subscriptions.remove(new Subscription(path(was.topic()), was.uri()));
        Registered now = new Registered(
                id, was.topic(), uri, was.createdAt(), java.time.Instant.now().toString());
        registered.put(id, now);
        subscribe(path(now.topic()), uri);
        return now;
    }

    synchronized List<Registered> registered() {
        return List.copyOf(registered.values());
    }

    /**
     * The webhook topic of a {@code WebhookSubscriptionTopic} value: {@code ORDERS_CREATE} is {@code orders/create},
     * {@code INVENTORY_LEVELS_UPDATE} is {@code inventory_levels/update} (the resource, then the event after its last
     * underscore; right for every topic the emulator sends).
     */
    static String path(String topic) {
        String lower = topic.toLowerCase(java.util.Locale.ROOT);
        int last = lower.lastIndexOf('_');
        return last < 0 ? lower : lower.substring(0, last) + "/" + lower.substring(last + 1);
    }

    synchronized void send(String topic, Map<String, Object> payload) {
        List<Subscription> to =
                subscriptions.stream().filter(s -> s.topic().equals(topic)).toList();
        if (!to.isEmpty()) {
            sink.accept(new Shop.WebhookEvent(shop, topic, payload, to, secret));
        }
    }
}
