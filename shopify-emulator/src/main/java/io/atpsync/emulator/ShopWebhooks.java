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

    synchronized void send(String topic, Map<String, Object> payload) {
        List<Subscription> to =
                subscriptions.stream().filter(s -> s.topic().equals(topic)).toList();
        if (!to.isEmpty()) {
            sink.accept(new Shop.WebhookEvent(shop, topic, payload, to, secret));
        }
    }
}
