package io.atpsync.streams.atp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atpsync.streams.atp.KitAtp.Component;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kit maths (issue 20, requirement 1): a kit's online ATP is the minimum over its components of floor(component online
 * ATP / quantity). The example kit is a gift set of 2 mugs and 1 tea tin; expected numbers are worked by hand.
 */
class KitAtpTest {

    static final List<Component> GIFT_SET = List.of(new Component("MUG", 2), new Component("TEA", 1));

    @ParameterizedTest(name = "mugs {0}, tea {1}: {2} kits, limited by {3}")
    @CsvSource(
            nullValues = "-",
            value = {
                "10, 8,  5, MUG", // 10 mugs make 5 sets, 8 tins 8: the mugs limit
                "11, 8,  5, MUG", // the odd mug makes no set
                "10, 3,  3, TEA",
                "10, 5,  5, MUG", // a tie: the first component in the kit's order
                "1,  8,  0, MUG",
                "-,  8,  0, MUG", // no online ATP for mugs here yet: 0
                "-5, 8,  0, MUG", // never below 0
                "0,  0,  0, MUG",
            })
    void shouldTakeTheMinimumOverComponentsOfFloorAtpOverQuantity(Long mugs, long tea, long kits, String limitedBy) {
        Map<String, Long> atp = new HashMap<>();
        atp.put("MUG", mugs);
        atp.put("TEA", tea);

        KitAtp kit = KitAtp.of(GIFT_SET, atp::get);

        assertThat(kit.onlineAtp()).isEqualTo(kits);
        assertThat(kit.limitedBy()).isEqualTo(limitedBy);
    }

    @Test
    void shouldShowEachComponentsPartForTheExplainView() {
        KitAtp kit = KitAtp.of(GIFT_SET, Map.of("MUG", 7L, "TEA", 9L)::get);
        assertThat(kit.parts()).containsExactly(new KitAtp.Part("MUG", 2, 7, 3), new KitAtp.Part("TEA", 1, 9, 9));
    }

    @Test
    void shouldPromiseNoKitWithoutComponentsAndRefuseAQuantityBelowOne() {
        assertThat(KitAtp.of(List.of(), s -> 5L).onlineAtp()).isZero();
        assertThatThrownBy(() -> new Component("MUG", 0)).hasMessageContaining("at least 1 of MUG");
        assertThat(Arrays.asList(KitAtp.of(GIFT_SET, s -> 2L).limitedBy())).containsExactly("MUG");
    }
}
