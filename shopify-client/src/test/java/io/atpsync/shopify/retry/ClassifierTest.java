package io.atpsync.shopify.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassifierTest {

    private static List<String> codes(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.split(" "));
    }

    @ParameterizedTest(name = "HTTP {0} top=[{1}] user=[{2}] → {3}")
    @CsvSource(
            nullValues = "-",
            value = {
                "200, -, -, Applied",
                "-1, -, -, Retry",
                "401, -, -, Fatal",
                "402, -, -, Fatal",
                "423, -, -, Fatal",
                "429, -, -, Retry",
                "500, -, -, Retry",
                "502, -, -, Retry",
                "503, -, -, Retry",
                "404, -, -, Fatal",
                "200, THROTTLED, -, Retry",
                "200, ACCESS_DENIED, -, Fatal",
                "200, INTERNAL_SERVER_ERROR, -, Retry",
                "200, MAX_COST_EXCEEDED, -, BatchRejected",
                "200, undefinedField, -, Fatal",
                "200, -, ADJUST_QUANTITIES_FAILED, Retry",
                "200, -, SERVICE_UNAVAILABLE, Retry",
                "200, -, IDEMPOTENCY_CONCURRENT_REQUEST, Retry",
                "200, -, IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED, NewKey",
                "200, -, INVALID_INVENTORY_ITEM, ItemErrors",
                "200, -, INVALID_LOCATION ITEM_NOT_STOCKED_AT_LOCATION, ItemErrors",
                "200, -, NON_MUTABLE_INVENTORY_ITEM CHANGE_FROM_QUANTITY_STALE, ItemErrors",
                "200, -, CHANGE_FROM_QUANTITY_STALE, Stale",
                "200, -, INVALID_REASON, BatchRejected",
                "200, -, IDEMPOTENCY_KEY_PARAMETER_MISMATCH, BatchRejected",
                "200, -, INVALID_INVENTORY_ITEM SERVICE_UNAVAILABLE, Retry",
            })
    void shouldClassify(int status, String top, String user, String verdict) {
        Attempt a =
                status == -1 ? Attempt.noResponse("timeout") : new Attempt(status, null, -1, codes(top), codes(user));
        assertThat(Classifier.classify(a).getClass().getSimpleName()).isEqualTo(verdict);
    }

    @Test
    void shouldNotGuessWhichScopeIsMissingWhenAccessIsDenied() {
        // The codes alone do not say which scope: the applier names it from Shopify's reply (BatchApplierIT,
        // OrderAwareHardSyncIT); a read refused for a fulfillment-order scope must not be reported as write_inventory.
        Verdict v = Classifier.classify(new Attempt(200, null, -1, List.of("ACCESS_DENIED"), List.of()));
        assertThat(((Verdict.Fatal) v).reason()).startsWith("ACCESS_DENIED").doesNotContain("write_inventory");
    }

    @ParameterizedTest(name = "attempt {0}, Retry-After {1}, random {2} → {3} ms")
    @CsvSource({"0, -1, 0.5, 100", "3, -1, 0.5, 800", "10, -1, 0.99, 9900", "0, 2000, 0.5, 2000", "30, -1, 1.0, 10000"})
    void shouldBackOffExponentiallyWithJitterAndHonourRetryAfter(
            int attempt, long retryAfter, double random, long expected) {
        assertThat(new Backoff(200, 10_000).delayMillis(attempt, retryAfter, () -> random))
                .isEqualTo(expected);
    }
}
