package io.atpsync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which fatal errors page someone as a token failure (the alert "ShopifyTokenFailure"). */
class SinkAlarmsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "shop a.myshopify.com: HTTP 401: the access token is invalid or expired|true",
                "HTTP 403: the app may not call this shop|true",
                "ACCESS_DENIED: the token lacks a scope this call needs (write_inventory)|true",
                "shop a.myshopify.com: token lacks write_inventory; grant the app these scopes|true",
                "HTTP 402: the shop is frozen (payment required)|false",
                "shop a.myshopify.com: Shopify refused a hard-sync read (MAX_COST_EXCEEDED: too big)|false",
                "HTTP 404 from the Admin API|false",
            })
    void shouldTellTokenFailuresFromOtherFatalErrors(String message, boolean token) {
        assertThat(SinkAlarms.isTokenFailure(message)).isEqualTo(token);
    }

    @Test
    void shouldCountAShopsTokenFailuresFromZeroOnceItsTaskStarted() {
        String shop = "alarms-" + System.nanoTime() + ".myshopify.com";
        SinkAlarms.watch(shop);
        assertThat(SinkAlarms.tokenFailures().get(shop)).hasValue(0);

        SinkAlarms.fatal(shop, "HTTP 402: the shop is frozen (payment required)");
        SinkAlarms.fatal(shop, "HTTP 401: the access token is invalid or expired");

        assertThat(SinkAlarms.tokenFailures().get(shop)).hasValue(1);
    }
}
