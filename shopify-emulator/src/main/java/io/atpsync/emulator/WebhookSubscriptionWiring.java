package io.atpsync.emulator;

import static io.atpsync.emulator.InventoryWiring.*;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shop-specific webhook subscriptions through the Admin API, as the 2026-10 schema has them:
 * {@code webhookSubscriptionCreate(topic:, webhookSubscription: {uri})}, {@code webhookSubscriptionUpdate(id:,
 * webhookSubscription:)} and {@code webhookSubscriptions(first:, topics:, uri:)}. The created subscriptions receive the
 * shop's webhooks like the admin API's. Compliance topics are not in {@code WebhookSubscriptionTopic}: Shopify takes
 * them from the app's configuration only (shopify.dev, Webhooks reference: "app-specific subscriptions to all
 * non-compliance topics through your app configuration file, or shop-specific subscriptions by Shopify's GraphQL Admin
 * API").
 */
final class WebhookSubscriptionWiring {

    private WebhookSubscriptionWiring() {}

    static void wire(RuntimeWiring.Builder b) {
        b.type(
                "Mutation",
                t -> t.dataFetcher("webhookSubscriptionCreate", WebhookSubscriptionWiring::create)
                        .dataFetcher("webhookSubscriptionUpdate", WebhookSubscriptionWiring::update));
        b.type(
                "QueryRoot",
                t -> t.dataFetcher("webhookSubscriptions", env -> {
                    List<String> topics = env.getArgument("topics");
                    String uri = env.getArgument("uri");
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (ShopWebhooks.Registered r : shop(env).webhooks.registered()) {
                        if ((topics == null || topics.contains(r.topic())) && (uri == null || uri.equals(r.uri()))) {
                            out.add(view(r));
                        }
                    }
                    return Connections.of(out, env);
                }));
    }

    private static Object create(DataFetchingEnvironment env) {
        Map<String, Object> input = env.getArgument("webhookSubscription");
        String uri = uriOf(input);
        String problem = problem(uri);
        if (problem != null) {
            return payload(null, List.of(error(problem)));
        }
        return payload(view(shop(env).webhooks.create(env.getArgument("topic"), uri)), List.of());
    }

    private static Object update(DataFetchingEnvironment env) {
        Map<String, Object> input = env.getArgument("webhookSubscription");
        String uri = uriOf(input);
        String problem = problem(uri);
        if (problem != null) {
            return payload(null, List.of(error(problem)));
        }
        ShopWebhooks.Registered r = shop(env).webhooks.update(env.getArgument("id"), uri);
        return r == null
                ? payload(
                        null, List.of(Map.of("field", List.of("id"), "message", "Webhook subscription does not exist")))
                : payload(view(r), List.of());
    }

    private static String uriOf(Map<String, Object> input) {
        Object uri = input.get("uri") != null ? input.get("uri") : input.get("callbackUrl");
        return uri == null ? null : uri.toString();
    }

    /**
     * What is wrong with a delivery URI, or null (the emulator's wording). The schema documents HTTPS URLs, Pub/Sub and
     * EventBridge; the emulator also takes plain HTTP on the loopback interface, where the local stack's bridge
     * listens.
     */
    static String problem(String uri) {
        if (uri == null || uri.isBlank()) {
            return "Address can't be blank";
        }
        if (uri.startsWith("pubsub://") || uri.startsWith("arn:aws:events:")) {
            return null;
        }
        try {
            URI u = URI.create(uri);
            boolean loopback = "http".equals(u.getScheme())
                    && ("127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost()));
            return "https".equals(u.getScheme()) || loopback
                    ? null
                    : "Address protocol " + u.getScheme()
                            + " is not supported (an HTTPS URL, a Pub/Sub URI or an EventBridge ARN)";
        } catch (IllegalArgumentException e) {
            return "Address is invalid";
        }
    }

    private static Map<String, Object> error(String message) {
        return Map.of("field", List.of("webhookSubscription", "uri"), "message", message);
    }

    private static Map<String, Object> payload(Object subscription, List<Map<String, Object>> errors) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("webhookSubscription", subscription);
        p.put("userErrors", errors);
        return p;
    }

    private static Map<String, Object> view(ShopWebhooks.Registered r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("topic", r.topic());
        m.put("uri", r.uri());
        m.put("callbackUrl", r.uri());
        m.put("format", "JSON");
        m.put("createdAt", r.createdAt());
        m.put("updatedAt", r.updatedAt());
        m.put("includeFields", List.of());
        m.put("metafieldNamespaces", List.of());
        return m;
    }
}
