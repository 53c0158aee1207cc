package io.atpsync.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Drift page shows, per location, what its newest reconciliation found, and nothing of other hard syncs. */
class DriftReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @SuppressWarnings("unchecked")
    void shouldListTheNewestReconciliationsDriftsPerLocation() throws Exception {
        String bulk = """
                {
                  "reconcile-a-100": {
                    "gid://shopify/Location/1": {"phase": "DONE", "updatedAt": "2026-12-07T08:00:00Z", "drifted": 2,
                      "drifts": [{"shop": "s.myshopify.com", "sku": "OLD", "shopify": 9, "target": 7,
                                  "probableCause": "old"}]},
                    "gid://shopify/Location/2": {"phase": "DONE", "updatedAt": "2026-12-07T08:00:00Z", "drifted": 1,
                      "drifts": [{"shop": "s.myshopify.com", "sku": "B",
                                  "inventoryItemId": "gid://shopify/InventoryItem/5",
                                  "shopify": 13, "target": 10, "probableCause": "Shopify is 3 above its target"}]}
                  },
                  "reconcile-a-200": {
                    "gid://shopify/Location/1": {"phase": "DONE", "updatedAt": "2026-12-07T12:00:00Z", "drifted": 0,
                      "drifts": []}
                  },
                  "hs-manual-1": {
                    "gid://shopify/Location/2": {"phase": "DONE", "updatedAt": "2026-12-07T13:00:00Z", "drifted": 0,
                      "drifts": [{"sku": "NOT-A-RECONCILIATION"}]}
                  }
                }""";

        Map<String, Object> r = DriftReport.of(JSON.readTree(bulk));

        List<Map<String, Object>> locations = (List<Map<String, Object>>) r.get("locations");
        assertThat(locations)
                .extracting(l -> l.get("location"), l -> l.get("reconciliation"), l -> l.get("drifted"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("gid://shopify/Location/1", "reconcile-a-200", 0L),
                        org.assertj.core.groups.Tuple.tuple("gid://shopify/Location/2", "reconcile-a-100", 1L));
        List<Map<String, Object>> drifts = (List<Map<String, Object>>) r.get("drifts");
        assertThat(drifts).singleElement().satisfies(d -> {
            assertThat(d)
                    .containsEntry("sku", "B")
                    .containsEntry("shop", "s.myshopify.com")
                    .containsEntry("location", "gid://shopify/Location/2")
                    .containsEntry("shopify", 13L)
                    .containsEntry("target", 10L);
            assertThat((String) d.get("probableCause")).startsWith("Shopify is 3 above");
        });
    }

    @Test
    void shouldShowNothingBeforeAnyReconciliation() throws Exception {
        assertThat(DriftReport.of(JSON.readTree("{}")))
                .containsEntry("locations", List.of())
                .containsEntry("drifts", List.of());
    }
}
