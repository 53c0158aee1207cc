package io.atpsync.streams.hardsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When reconciliations are due, from the issue "A real retailer's catalogue": by default every shop every 4 hours; the
 * retailer's own practice, stores hourly and aggregate locations every 4 hours, as a per-location schedule.
 */
class ReconcileScheduleTest {

    private static final String SHOP = "retailer.myshopify.com";
    private static final String STORE_1 = "gid://shopify/Location/11";
    private static final String STORE_2 = "gid://shopify/Location/12";

    @Test
    void shouldReconcileEveryShopEveryFourHoursByDefault() {
        ReconcileSchedule s = ReconcileSchedule.parse("PT4H", List.of());
        Instant t = Instant.parse("2026-12-03T09:30:00Z");

        List<ReconcileSchedule.Due> due = s.due(t, Set.of(SHOP, "other.myshopify.com"));

        assertThat(due).extracting(ReconcileSchedule.Due::shop).containsExactly("other.myshopify.com", SHOP);
        assertThat(due).allSatisfy(d -> {
            assertThat(d.slot()).isEqualTo(Instant.parse("2026-12-03T08:00:00Z"));
            assertThat(d.locations()).isEmpty();
            assertThat(d.requestId()).startsWith(ReconcileSchedule.PREFIX);
        });
    }

    @Test
    void shouldGiveASlotTheSameIdAtAnyMomentOfItAndANewOneAtTheNext() {
        ReconcileSchedule s = ReconcileSchedule.parse("PT4H", List.of());

        String early = s.due(Instant.parse("2026-12-03T08:00:01Z"), Set.of(SHOP))
                .get(0)
                .requestId();
        String late = s.due(Instant.parse("2026-12-03T11:59:59Z"), Set.of(SHOP))
                .get(0)
                .requestId();
        String next = s.due(Instant.parse("2026-12-03T12:00:00Z"), Set.of(SHOP))
                .get(0)
                .requestId();

        assertThat(late).as("another instance, later in the slot").isEqualTo(early);
        assertThat(next).isNotEqualTo(early);
    }

    @Test
    void shouldAddTheStoresHourlyBesideTheShopEveryFourHours() {
        ReconcileSchedule s = ReconcileSchedule.parse("PT4H", List.of(SHOP + "@" + STORE_1 + "|" + STORE_2 + "=PT1H"));

        List<ReconcileSchedule.Due> due = s.due(Instant.parse("2026-12-03T09:30:00Z"), Set.of(SHOP));

        assertThat(due).hasSize(2);
        assertThat(due.get(1).locations()).containsExactly(STORE_1, STORE_2);
        assertThat(due.get(1).slot()).isEqualTo(Instant.parse("2026-12-03T09:00:00Z"));
        assertThat(due.get(0).requestId()).isNotEqualTo(due.get(1).requestId());
    }

    @Test
    void shouldLetAShopWideScheduleReplaceTheDefaultAndOffTurnItOff() {
        ReconcileSchedule s = ReconcileSchedule.parse("off", List.of(SHOP + "=PT30M"));

        assertThat(s.due(Instant.parse("2026-12-03T09:40:00Z"), Set.of(SHOP, "other.myshopify.com")))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.shop()).isEqualTo(SHOP);
                    assertThat(d.slot()).isEqualTo(Instant.parse("2026-12-03T09:30:00Z"));
                });
        assertThat(ReconcileSchedule.parse("PT4H", List.of(SHOP + "=PT1H")).due(Instant.now(), Set.of(SHOP)))
                .singleElement()
                .satisfies(d -> assertThat(d.requestId()).isNotEmpty());
        assertThat(ReconcileSchedule.parse("off", List.of()).entries()).isEmpty();
        assertThat(ReconcileSchedule.parse("PT4H", List.of()).entries().get(0).every())
                .isEqualTo(Duration.ofHours(4));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "4h; ; is not an ISO-8601 duration",
                "PT30S; ; shorter than a minute",
                "PT4H; retailer.myshopify.com; expected shop[@location|location...]=PT1H",
                "PT4H; retailer.myshopify.com@=PT1H; '@' without locations",
                "PT4H; retailer.myshopify.com=soon; is not an ISO-8601 duration"
            })
    void shouldRefuseABadScheduleNamingIt(String interval, String schedule, String message) {
        assertThatThrownBy(() -> ReconcileSchedule.parse(interval, schedule == null ? List.of() : List.of(schedule)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
