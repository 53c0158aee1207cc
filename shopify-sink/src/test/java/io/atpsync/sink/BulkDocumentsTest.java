package io.atpsync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentKind;
import io.atpsync.sink.bulk.BulkPlan;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A bulk hard sync's mutation is found again by its name; a line's key follows its content. */
class BulkDocumentsTest {

    private static final String L1 = "gid://shopify/Location/71";
    private static final String L2 = "gid://shopify/Location/72";

    @Test
    void shouldNameTheHardSyncAndItsLocationsSoARestartFindsThem() {
        String doc = BulkDocuments.document("hs-1", new TreeSet<>(Set.of(L1, L2)));

        assertThat(doc).startsWith("mutation " + BulkDocuments.name("hs-1") + "_71_72(");
        assertThat(doc).contains("@idempotent(key: $key)");
        assertThat(BulkDocuments.locationsOf(doc, "hs-1")).containsExactly("71", "72");
        assertThat(BulkDocuments.locationsOf(doc, "hs-2"))
                .as("another hard sync's name")
                .isEmpty();
        assertThat(BulkDocuments.name("hs-1")).isNotEqualTo(BulkDocuments.name("hs-2"));
    }

    @Test
    void shouldKeyALineByItsContent() {
        AdjustmentBatch first = new AdjustmentBatch(
                "b-1", "s", L1, AdjustmentKind.SET, "correction", List.of(), null, null, "hs-1", null, null);
        BulkPlan.Line line = new BulkPlan.Line(L1, List.of(new BulkPlan.Change("item-1", "A", -3, 10)));
        BulkPlan.Line other = new BulkPlan.Line(L1, List.of(new BulkPlan.Change("item-1", "A", -3, 9)));

        Map<String, Object> v = BulkDocuments.variables("hs-1", first, line);

        assertThat(v.get("key"))
                .isEqualTo(BulkDocuments.variables("hs-1", first, line).get("key"));
        assertThat(v.get("key"))
                .isNotEqualTo(BulkDocuments.variables("hs-1", first, other).get("key"));
        @SuppressWarnings("unchecked")
        Map<String, Object> change =
                ((List<Map<String, Object>>) ((Map<String, Object>) v.get("input")).get("changes")).get(0);
        assertThat(change)
                .containsEntry("delta", -3L)
                .containsEntry("changeFromQuantity", 10L)
                .containsEntry("locationId", L1);
    }
}
