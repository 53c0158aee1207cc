package io.atpsync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One bulk mutation writes several locations' lines, each location one run of the file: a location's lines done are the
 * operation's {@code objectCount} inside its run, never the operation's whole count (the reset import printed "1,185/55
 * lines" when every location showed the operation's count).
 */
class BulkProgressTest {

    @ParameterizedTest(name = "{0} done, run [{1}, {2}) -> {3}")
    @CsvSource({
        // done, first, end, within
        "0, 0, 10, 0",
        "4, 0, 10, 4",
        "10, 0, 10, 10",
        "25, 0, 10, 10", // past its run: all of it
        "4, 10, 20, 0", // before its run: none
        "15, 10, 20, 5",
        "20, 10, 20, 10",
        "-1, 10, 20, -1", // unknown stays unknown
    })
    void shouldCountOnlyALocationsOwnLines(long done, int first, int end, long within) {
        assertThat(BulkProgress.within(done, new int[] {first, end})).isEqualTo(within);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bulk mutation gid://shopify/BulkOperation/7: RUNNING, 42 line(s) done|42",
                "bulk mutation gid://shopify/BulkOperation/7: COMPLETED, 1185 line(s) done|1185",
                "bulk mutation gid://shopify/BulkOperation/7: CREATED|-1",
            })
    void shouldReadTheLinesDoneOfAStatusLine(String status, long done) {
        assertThat(BulkProgress.linesDone(status)).isEqualTo(done);
    }
}
