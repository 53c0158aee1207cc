package io.atpsync.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreDeltaLogTest {

    @Test
    void shouldEncodeTimesSoThatKeyOrderIsTimeOrder() {
        long[] times = {Long.MIN_VALUE, -86_400_000L, -1, 0, 1, 1_700_000_000_000L, 1_700_000_000_001L, Long.MAX_VALUE};
        List<String> keys = new ArrayList<>();
        for (long t : times) {
            String key = "SKU|F1|" + StoreDeltaLog.time(t);
            assertThat(StoreDeltaLog.time(key)).isEqualTo(t);
            assertThat(StoreDeltaLog.time(t)).hasSize(16);
            keys.add(key);
        }
        assertThat(keys).isSorted();
    }
}
