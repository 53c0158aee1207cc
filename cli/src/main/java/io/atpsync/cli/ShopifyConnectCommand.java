package io.atpsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.shopify.Scopes;
import io.atpsync.shopify.ShopifyClient;
import io.atpsync.shopify.ShopifyDocuments;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code atp-sync shopify connect}: makes a real shop ready. It checks the token's scopes
 * ({@code currentAppInstallation { accessScopes }}), creates or updates the shop's webhook subscriptions the bridge
 * needs ({@code webhookSubscriptionCreate}/{@code Update}), says where the compliance topics go (Shopify takes those
 * from the app's configuration, not the Admin API), and reports the API version Shopify served and any deprecation it
 * reported.
 */
@Command(
        name = "connect",
        mixinStandardHelpOptions = true,
        description = {
            "Make a shop ready for ATP Sync: check the token's scopes, subscribe the webhook bridge to the topics it"
                    + " needs (created, or updated to --webhook-url), report the Admin API version served and its"
                    + " deprecation headers.",
            "Exit code 7 when a scope is missing; 1 when Shopify refuses a subscription."
        })
final class ShopifyConnectCommand implements Callable<Integer> {

    /** The topics the webhook bridge ({@code POST /webhooks/shopify} on the Streams app) reads. */
    static final List<String> TOPICS = List.of(
            "ORDERS_CREATE",
            "ORDERS_UPDATED",
            "ORDERS_CANCELLED",
            "INVENTORY_LEVELS_UPDATE",
            "INVENTORY_ITEMS_CREATE",
            "INVENTORY_ITEMS_UPDATE");

    static final List<String> COMPLIANCE_TOPICS = List.of("customers/data_request", "customers/redact", "shop/redact");

    static final int EXIT_SCOPES_MISSING = 7;

    @Mixin
    ShopifyCommand.ShopOptions shop = new ShopifyCommand.ShopOptions();

    @Spec
    CommandSpec spec;

    @Option(
            names = "--webhook-url",
            defaultValue = "${env:ATP_SYNC_WEBHOOK_URL:-http://127.0.0.1:18085/webhooks/shopify}",
            description = "Where Shopify sends the webhooks: the Streams app's POST /webhooks/shopify, reachable by"
                    + " Shopify over HTTPS (env ATP_SYNC_WEBHOOK_URL). Default: ${DEFAULT-VALUE} (the local stack)")
    String webhookUrl;

    @Option(names = "--dry-run", description = "Check and report; create or update nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AdminGraphQl admin = shop.admin();

        List<Scopes.Need> missing =
                Scopes.missing(Scopes.granted(admin.call(ShopifyDocuments.SCOPES, Map.of())), Scopes.ALL);
        out.printf(
                "shop %s: Shopify serves Admin API %s (ATP Sync asks for %s)%n",
                shop.shop, admin.servedApiVersion().orElse("(not said)"), ShopifyClient.VERSION);
        if (missing.isEmpty()) {
            out.println("scopes: every scope ATP Sync needs is granted");
        } else {
            out.println("scopes missing (grant them to the app, then run this again):");
            missing.forEach(n -> out.println("  " + n.describe()));
        }
        out.println("bulk operations: no scope of their own; they use the inventory and fulfillment-order scopes");

        boolean refused = subscribe(admin, out);

        out.println("compliance topics (" + String.join(", ", COMPLIANCE_TOPICS) + "): Shopify takes these from the"
                + " app's configuration, not the Admin API. In shopify.app.toml:");
        out.println("  [[webhooks.subscriptions]]");
        out.println("  compliance_topics = [ \"" + String.join("\", \"", COMPLIANCE_TOPICS) + "\" ]");
        out.println("  uri = \"" + webhookUrl + "\"");
        out.println("  (the bridge answers 401 to a bad signature and acknowledges them; ATP Sync's topics hold order"
                + " ids, SKUs and quantities, no customer details)");

        List<String> deprecations = admin.deprecations();
        out.println(
                deprecations.isEmpty()
                        ? "deprecations: none reported (X-Shopify-API-Deprecated-Reason)"
                        : "deprecations reported by Shopify: " + String.join("; ", deprecations));
        out.flush();
        return !missing.isEmpty() ? EXIT_SCOPES_MISSING : refused ? 1 : 0;
    }

    /**
     * Each topic: kept when a subscription already sends it to {@code --webhook-url}; else one that sends it to the
     * bridge's path elsewhere (an old host) is updated; else one is created. Returns whether Shopify refused any.
     */
    private boolean subscribe(AdminGraphQl admin, PrintWriter out) throws Exception {
        Map<String, List<JsonNode>> byTopic = new HashMap<>();
        for (JsonNode n : admin.call(ShopifyDocuments.WEBHOOK_SUBSCRIPTIONS, Map.of("topics", TOPICS))
                .path("webhookSubscriptions")
                .path("nodes")) {
            byTopic.computeIfAbsent(n.path("topic").asText(), t -> new ArrayList<>())
                    .add(n);
        }
        boolean refused = false;
        out.println("webhooks to " + webhookUrl + (dryRun ? " (dry run)" : "") + ":");
        for (String topic : TOPICS) {
            List<JsonNode> existing = byTopic.getOrDefault(topic, List.of());
            JsonNode same = existing.stream()
                    .filter(n -> n.path("uri").asText().equals(webhookUrl))
                    .findFirst()
                    .orElse(null);
            JsonNode moved = existing.stream()
                    .filter(n -> n.path("uri").asText().endsWith("/webhooks/shopify"))
                    .findFirst()
                    .orElse(null);
            String verdict;
            if (same != null) {
                verdict = "already subscribed (" + same.path("id").asText() + ")";
            } else if (dryRun) {
                verdict = moved != null ? "would update " + moved.path("uri").asText() : "would create";
            } else {
                JsonNode payload = moved != null
                        ? admin.call(
                                        ShopifyDocuments.WEBHOOK_SUBSCRIPTION_UPDATE,
                                        Map.of("id", moved.path("id").asText(), "uri", webhookUrl))
                                .path("webhookSubscriptionUpdate")
                        : admin.call(
                                        ShopifyDocuments.WEBHOOK_SUBSCRIPTION_CREATE,
                                        Map.of("topic", topic, "uri", webhookUrl))
                                .path("webhookSubscriptionCreate");
                JsonNode errors = payload.path("userErrors");
                if (errors.size() > 0) {
                    refused = true;
                    verdict = "REFUSED: " + errors.get(0).path("message").asText();
                } else {
                    verdict = (moved != null
                                    ? "updated from " + moved.path("uri").asText()
                                    : "created") + " ("
                            + payload.path("webhookSubscription").path("id").asText() + ")";
                }
            }
            out.printf("  %-24s %s%n", topic, verdict);
        }
        return refused;
    }
}
