package io.atpsync.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which of ATP Sync's needs a token's granted scopes leave unmet (shopify.dev, API access scopes). */
class ScopesTest {

    @ParameterizedTest(name = "[{0}] -> missing [{1}]")
    @CsvSource(
            delimiter = '|',
            value = {
                // granted (space-separated) | needs unmet (by their first scope)
                "write_inventory read_merchant_managed_fulfillment_orders read_orders read_products|",
                "read_inventory read_assigned_fulfillment_orders read_orders read_products|write_inventory",
                "write_inventory write_orders write_products read_third_party_fulfillment_orders|", // write grants read
                "write_inventory|read_merchant_managed_fulfillment_orders read_orders read_products",
                "|write_inventory read_inventory read_merchant_managed_fulfillment_orders read_orders read_products",
                "write_inventory read_merchant_managed_fulfillment_orders write_fulfillments|read_orders read_products",
            })
    void shouldNameEveryNeedTheTokenLeavesUnmet(String granted, String missing) {
        Set<String> g = granted == null ? Set.of() : Set.of(granted.split(" "));
        List<String> unmet = Scopes.missing(g, Scopes.ALL).stream()
                .map(n -> n.anyOf().get(0))
                .collect(Collectors.toList());
        assertThat(unmet).isEqualTo(missing == null ? List.of() : Arrays.asList(missing.split(" ")));
    }

    @ParameterizedTest(name = "sink with [{0}] -> {1} unmet")
    @CsvSource(
            delimiter = '|',
            value = {
                "write_inventory read_merchant_managed_fulfillment_orders|0", // orders and products: not the sink's
                "read_inventory read_merchant_managed_fulfillment_orders|1",
                "write_inventory|1",
            })
    void shouldAskTheSinkOnlyForWhatItUses(String granted, int unmet) {
        assertThat(Scopes.missing(Set.of(granted.split(" ")), Scopes.SINK)).hasSize(unmet);
    }
}
