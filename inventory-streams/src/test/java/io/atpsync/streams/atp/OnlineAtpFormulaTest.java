package io.atpsync.streams.atp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OnlineAtpFormulaTest {

    private static FacilityPosition store(String id, long atp, long safety) {
        return new FacilityPosition(id, atp, atp, safety, true, true);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("one store, no terms", List.of(store("s1", 10, 0)), 0, 0, 10),
                Arguments.of("two stores are summed", List.of(store("s1", 10, 0), store("s2", 5, 0)), 0, 0, 15),
                Arguments.of("safety stock subtracts", List.of(store("s1", 10, 3)), 0, 0, 7),
                Arguments.of(
                        "safety stock floors the facility at 0, not the sum",
                        List.of(store("s1", 2, 5), store("s2", 4, 0)),
                        0,
                        0,
                        4),
                Arguments.of("negative atp contributes 0", List.of(store("s1", -3, 0), store("s2", 4, 0)), 0, 0, 4),
                Arguments.of(
                        "facility not selling online is excluded",
                        List.of(new FacilityPosition("s1", 10, 10, 0, false, true), store("s2", 4, 0)),
                        0,
                        0,
                        4),
                Arguments.of(
                        "SKU not allowed online is excluded",
                        List.of(new FacilityPosition("s1", 10, 10, 0, true, false), store("s2", 4, 0)),
                        0,
                        0,
                        4),
                Arguments.of("threshold subtracts", List.of(store("s1", 10, 0)), 3, 0, 7),
                Arguments.of("threshold floors the result at 0", List.of(store("s1", 2, 0)), 5, 0, 0),
                Arguments.of("queue subtracts unallocated orders", List.of(store("s1", 10, 0)), 0, -4, 6),
                Arguments.of("a positive queue atp is no queue", List.of(store("s1", 10, 0)), 0, 3, 10),
                Arguments.of("all terms together", List.of(store("s1", 20, 2), store("s2", 6, 1)), 4, -5, 14),
                Arguments.of("no facilities", List.of(), 0, 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldComputeOnlineAtp(
            String name, List<FacilityPosition> facilities, long threshold, long queueAtp, long expected) {
        assertThat(OnlineAtpFormula.compute(facilities, threshold, queueAtp).onlineAtp())
                .isEqualTo(expected);
    }

    @Test
    void shouldExplainWhyAFacilityIsExcluded() {
        OnlineAtpBreakdown b = OnlineAtpFormula.compute(
                List.of(new FacilityPosition("wh", 10, 10, 0, false, true), store("s1", 4, 1)), 0, 0);
        assertThat(b.contributions())
                .extracting(Contribution::excludedBecause)
                .containsExactly("facility does not sell online", null);
        assertThat(b.contributed()).isEqualTo(3);
    }

    @Test
    void shouldRejectNegativeSafetyStockAndThreshold() {
        assertThatThrownBy(() -> store("s1", 1, -1)).hasMessageContaining("safety stock of s1");
        assertThatThrownBy(() -> OnlineAtpFormula.compute(List.of(), -1, 0)).hasMessageContaining("threshold");
    }
}
