package io.atpsync.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static Map<String, Object> b1(Object atpEventsPerSecond) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "./atp-sync bench --only b1");
        m.put("events", 1_000_000);
        m.put("atpSyncEventsPerSecond", atpEventsPerSecond);
        m.put("passThroughEventsPerSecond", 200_000L);
        m.put("atpSyncOffsetsWrittenPerEvent", 25.0);
        m.put("passThroughOffsetsWrittenPerEvent", 1.0);
        m.put("ratio", 0.01);
        return m;
    }

    @Test
    void shouldReportB1PerEventAndPerOffsetWritten() {
        String md = BenchReport.markdown(Map.of("B1", b1(2_000L)));
        assertThat(md)
                .contains("| stress | 2000 | 200000 | **0.01** (0.1) |")
                .contains("Stress: offsets written per second 50,000 vs 200,000: ratio 0.25")
                .doesNotContain("reference retailer |");
    }

    @Test
    void shouldReportTheReferenceMappingBesideTheStressOne() {
        Map<String, Object> stress = b1(2_000L);
        Map<String, Object> reference = b1(60_000L);
        reference.put("ratio", 0.3);
        reference.put("mapping", "the reference retailer");
        stress.put("reference", reference);
        String md = BenchReport.markdown(Map.of("B1", stress));
        assertThat(md)
                .contains("| stress | 2000 | 200000 | **0.01** (0.1) |")
                .contains("| reference retailer | 60000 | 200000 | **0.3** (0.3) |")
                .contains("; reference — the reference retailer.");
    }

    @Test
    void shouldLeaveThePerOffsetRatioOutWhenAFigureIsMissing() {
        String md = BenchReport.markdown(Map.of("B1", b1(null)));
        assertThat(md).contains("| stress | null |").doesNotContain("offsets written per second");
        assertThat(md).contains("Not measured yet: `./atp-sync bench --only b2`");
    }
}
