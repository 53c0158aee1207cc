package io.atpsync.streams.hardsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.streams.hardsync.HardSyncCut.Scope;
import io.atpsync.streams.hardsync.HardSyncCut.Target;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cut's scope from DESIGN.md ("Hard sync"): every catalogued SKU of the shop at every mapped location in scope gets
 * a target, whether or not an event has touched it there, once; a SKU the catalogue does not know gets none. A task
 * holds online ATP for TEE at STORE and WEB, and for MUG (not catalogued) at STORE; the catalogue knows TEE and CAP;
 * the shop maps STORE and WEB, and another shop maps its own OUTLET.
 */
class HardSyncCutTest {

    private static final String SHOP = "demo.myshopify.com";

    private static HardSyncCut cut(Scope scope) {
        boolean ours = scope.shop().equals(SHOP); // the task hands over the request shop's mappings and catalogue
        HardSyncCut cut = new HardSyncCut(scope, ours ? List.of("STORE", "WEB") : List.of());
        cut.online(SHOP, "STORE", "TEE", "item-tee");
        cut.online(SHOP, "WEB", "TEE", "item-tee");
        cut.online(SHOP, "STORE", "MUG", null);
        cut.online("other.myshopify.com", "OUTLET", "TEE", "item-other-tee");
        if (ours) {
            cut.catalogued("TEE", "item-tee");
            cut.catalogued("CAP", "item-cap");
        }
        return cut;
    }

    static Stream<Arguments> scopes() {
        return Stream.of(
                Arguments.of(
                        "the whole shop",
                        new Scope(SHOP, List.of(), List.of()),
                        List.of("STORE TEE", "WEB TEE", "STORE CAP", "WEB CAP"),
                        1),
                Arguments.of(
                        "one location", new Scope(SHOP, List.of("WEB"), List.of()), List.of("WEB TEE", "WEB CAP"), 0),
                Arguments.of("one SKU", new Scope(SHOP, List.of(), List.of("CAP")), List.of("STORE CAP", "WEB CAP"), 0),
                Arguments.of("an uncatalogued SKU", new Scope(SHOP, List.of(), List.of("MUG")), List.of(), 1),
                Arguments.of(
                        "a location the shop does not map",
                        new Scope(SHOP, List.of("OUTLET"), List.of()),
                        List.of(),
                        0),
                Arguments.of(
                        "a shop the task has nothing for",
                        new Scope("none.myshopify.com", List.of(), List.of()),
                        List.of(),
                        0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scopes")
    void shouldTargetEveryKeyInScopeOnce(String name, Scope scope, List<String> expected, int unmapped) {
        HardSyncCut cut = cut(scope);

        assertThat(cut.targets()).extracting(t -> t.location() + " " + t.sku()).containsExactlyElementsOf(expected);
        assertThat(cut.unmapped()).isEqualTo(unmapped);
    }

    @Test
    void shouldGroupTargetsByLocationAndSayWhatWasSent() {
        HardSyncCut cut = cut(new Scope(SHOP, List.of(), List.of()));

        assertThat(cut.byLocation().keySet()).containsExactly("STORE", "WEB");
        assertThat(cut.byLocation().get("WEB"))
                .containsExactly(new Target("WEB", "TEE", "item-tee"), new Target("WEB", "CAP", "item-cap"));
        HardSyncStatus status = cut.status(Instant.parse("2026-12-03T10:00:00Z"));
        assertThat(status).isEqualTo(new HardSyncStatus(4, 1, Instant.parse("2026-12-03T10:00:00Z")));
        assertThat(status.summary())
                .isEqualTo("4 targets sent, 1 unmapped (no catalog entry), cut over at 2026-12-03T10:00:00Z");
        assertThat(HardSyncStatus.parse(status.summary())).contains(status);
        assertThat(HardSyncStatus.parse("cut over")).isEmpty();
    }
}
