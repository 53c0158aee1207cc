package io.atpsync.streams.atp;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.streams.atp.ShopSplit.Share;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ring-fencing maths (issue 20, requirement 4), one case per row: a warehouse shared by a US shop, a Canada shop and,
 * in some rows, an EU shop. The expected parts are worked by hand from the rule: fixed units first, then percentages of
 * what is left (rounded down), the rest to the remainder shop, nothing to a shop without a share.
 */
class ShopSplitTest {

    static final String US = "us.myshopify.com";
    static final String CA = "ca.myshopify.com";
    static final String EU = "eu.myshopify.com";

    static Share pct(String shop, int p) {
        return new Share(shop, p, null);
    }

    static Share fixed(String shop, long units) {
        return new Share(shop, null, units);
    }

    static Share rest(String shop) {
        return new Share(shop, null, null);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // shares, facility's contribution, US part, CA part, EU part
                Arguments.of(List.of(), 10, 10, 10, 10), // not ring-fenced: every shop sees it all, as before
                Arguments.of(List.of(pct(US, 60), rest(CA)), 10, 6, 4, 0),
                Arguments.of(List.of(pct(US, 60), rest(CA)), 7, 4, 3, 0), // 60% of 7 = 4.2 → 4
                Arguments.of(List.of(pct(US, 50), pct(CA, 50)), 7, 3, 3, 0), // no remainder shop: 1 unit held back
                Arguments.of(List.of(fixed(CA, 4), rest(US)), 10, 6, 4, 0),
                Arguments.of(List.of(fixed(CA, 4), rest(US)), 3, 0, 3, 0), // the fixed part cannot exceed what is there
                Arguments.of(List.of(fixed(CA, 2), pct(US, 50), rest(EU)), 10, 4, 2, 4), // 50% of the 8 left
                Arguments.of(List.of(fixed(CA, 2), pct(US, 50), rest(EU)), 0, 0, 0, 0),
                Arguments.of(List.of(fixed(CA, 5), fixed(EU, 5), rest(US)), 8, 0, 5, 3), // fixed in shop order: ca, eu
                Arguments.of(List.of(pct(CA, 100)), 9, 0, 9, 0));
    }

    @ParameterizedTest(name = "{0} of {1}: US {2}, CA {3}, EU {4}")
    @MethodSource("cases")
    void shouldSplitAFacilitysContributionBetweenShops(List<Share> shares, long whole, long us, long ca, long eu) {
        ShopSplit split = new ShopSplit(shares);
        assertThat(split.partFor(US, whole)).as("US").isEqualTo(us);
        assertThat(split.partFor(CA, whole)).as("CA").isEqualTo(ca);
        assertThat(split.partFor(EU, whole)).as("EU").isEqualTo(eu);
    }

    @Test
    void shouldNeverPublishMoreUnitsInTotalThanTheFacilityHasWhateverTheShares() {
        Random random = new Random(20);
        List<String> shops = List.of(US, CA, EU, "mx.myshopify.com");
        for (int round = 0; round < 10_000; round++) {
            List<Share> shares = new ArrayList<>();
            for (String shop : shops) {
                switch (random.nextInt(4)) {
                    case 0 -> shares.add(pct(shop, random.nextInt(120) - 10)); // out of range too: clamped
                    case 1 -> shares.add(fixed(shop, random.nextInt(30)));
                    case 2 -> shares.add(rest(shop)); // even two remainder shops (the import refuses that)
                    default -> {}
                }
            }
            if (shares.isEmpty()) {
                continue;
            }
            ShopSplit split = new ShopSplit(shares);
            long whole = random.nextInt(100);
            long total = shops.stream().mapToLong(s -> split.partFor(s, whole)).sum();
            assertThat(total).as("%s of %d", shares, whole).isLessThanOrEqualTo(whole);
            if (shares.stream().anyMatch(Share::remainder)) {
                assertThat(total)
                        .as("with a remainder shop nothing is held back: %s", shares)
                        .isEqualTo(whole);
            }
        }
    }

    @Test
    void shouldRefuseSharesThatCannotAllHold() {
        assertThat(ShopSplit.violations(List.of(pct(US, 70), pct(CA, 40))))
                .containsExactly("the percentages add up to 110, more than 100");
        assertThat(ShopSplit.violations(List.of(rest(US), rest(CA))))
                .containsExactly("2 shops take the remainder; at most one may");
        assertThat(ShopSplit.violations(List.of(new Share(US, 10, 5L), pct(CA, 101))))
                .containsExactly(
                        US + ": a percent or units, not both",
                        CA + ": percent 101 is not between 0 and 100",
                        "the percentages add up to 111, more than 100");
        assertThat(ShopSplit.violations(List.of(fixed(CA, 4), pct(US, 60), rest(EU))))
                .isEmpty();
    }

    @Test
    void shouldDescribeEachShopsShareForTheBreakdown() {
        ShopSplit split = new ShopSplit(List.of(fixed(CA, 4), pct(US, 60)));
        assertThat(split.describe(CA)).isEqualTo("a fixed 4");
        assertThat(split.describe(US)).isEqualTo("60% of what is left after fixed allocations");
        assertThat(split.describe(EU)).isEqualTo("none (the facility is ring-fenced for other shops)");
        assertThat(ShopSplit.NONE.describe(US)).isNull();
    }

    @Test
    void shouldCountEachShopsShareOnceWhenAQueryReadsTheCopiesOfSeveralTasks() {
        // Every task holds the broadcast shares: a query over an instance's tasks reads each share once per task.
        ShopSplit split = new ShopSplit(List.of(pct(US, 70), rest(CA), pct(US, 70), rest(CA), pct(US, 70), rest(CA)));
        assertThat(split.partFor(US, 61)).isEqualTo(42);
        assertThat(split.partFor(CA, 61)).isEqualTo(19);
    }
}
