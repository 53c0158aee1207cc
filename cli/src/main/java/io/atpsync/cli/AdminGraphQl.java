package io.atpsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.shopify.AccessToken;
import io.atpsync.shopify.BulkQuery;
import io.atpsync.shopify.ShopifyClient;
import io.atpsync.shopify.ShopifyHttp;
import io.atpsync.shopify.retry.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * The CLI's Admin GraphQL calls (audit, bulk imports) through the one Shopify client ({@link ShopifyClient}: paced by
 * the shop's bucket, retried while Shopify throttles, answers 5xx or drops the connection, errors that name the shop
 * and never the token), answered as the response's {@code data}.
 */
final class AdminGraphQl {

    private final ShopifyClient client;
    private final ShopifyHttp transport;

    AdminGraphQl(String shop, String baseUrl, String token) {
        this.transport = new ShopifyHttp(Duration.ofSeconds(30));
        this.client = new ShopifyClient(
                shop,
                ShopifyClient.graphqlUrl(baseUrl),
                "STANDARD",
                transport,
                AccessToken.of(transport, token),
                new Backoff(1_000, 10_000),
                ShopifyClient.Listener.NONE);
    }

    /** The response's {@code data}; throws with Shopify's reason when the call cannot succeed or keeps failing. */
    JsonNode call(String query, Map<String, Object> variables) throws IOException, InterruptedException {
        try {
            return client.data(query, variables);
        } catch (ShopifyClient.Fatal | ShopifyClient.BudgetExhausted e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A bulk query run to its end and downloaded (see {@link BulkQuery}); null when it found nothing. */
    java.nio.file.Path bulk(String query, Duration wait, java.util.function.Consumer<String> progress)
            throws IOException, InterruptedException {
        try {
            return BulkQuery.run(client, transport, query, wait, progress);
        } catch (ShopifyClient.Fatal | ShopifyClient.BudgetExhausted e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The Admin API version Shopify said it served (its {@code X-Shopify-API-Version}), once a call was answered. */
    java.util.Optional<String> servedApiVersion() {
        return client.servedApiVersion();
    }

    /** Every {@code X-Shopify-API-Deprecated-Reason} Shopify sent these calls. */
    java.util.List<String> deprecations() {
        return client.deprecations();
    }
}
