package io.atpsync.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.local.Ports;
import io.atpsync.testing.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick reliability suite as CI runs it: {@code atp-sync chaos --quick} on a local stack of its own (broker
 * process, registry, Connect worker, Streams app, emulator), every scenario with one fault, Shopify checked key by key
 * against the reference model.
 */
class ChaosIT {

    @TempDir
    Path home;

    @Test
    @Timeout(value = 25, unit = TimeUnit.MINUTES)
    void everyScenarioEndsWithNothingLostOrDoubled() throws Exception {
        Path out = home.resolve("reliability");
        CommandRun run = CommandRun.echoing(
                Harness.commandLine(),
                "chaos",
                "--quick",
                "--out",
                out.toString(),
                "--home",
                home.resolve("stack").toString(),
                "--plugin-path",
                Path.of("../shopify-sink/target/plugin")
                        .toAbsolutePath()
                        .normalize()
                        .toString(),
                "--broker-port",
                Integer.toString(Ports.free()),
                "--controller-port",
                Integer.toString(Ports.free()),
                "--registry-port",
                Integer.toString(Ports.free()),
                "--streams-port",
                Integer.toString(Ports.free()),
                "--emulator-port",
                Integer.toString(Ports.free()),
                "--connect-port",
                Integer.toString(Ports.free()));

        assertThat(out.resolve("results.json")).as(run.output()).exists();
        JsonNode results = new ObjectMapper()
                .readTree(out.resolve("results.json").toFile())
                .path("scenarios");
        assertThat(results.size()).as(run.output()).isEqualTo(7);
        results.fields().forEachRemaining(e -> {
            JsonNode r = e.getValue();
            assertThat(r.path("lost").asLong())
                    .as(e.getKey() + " lost: " + r.path("examples"))
                    .isZero();
            assertThat(r.path("doubled").asLong())
                    .as(e.getKey() + " doubled: " + r.path("examples"))
                    .isZero();
            assertThat(r.path("deadLettered").asLong())
                    .as(e.getKey() + " dead letters")
                    .isEqualTo(r.path("badEventsSent").asLong());
            assertThat(r.path("unitsApplied").asLong())
                    .as(e.getKey())
                    .isEqualTo(r.path("unitsExpected").asLong())
                    .isPositive();
            assertThat(r.path("faultsInjected").size())
                    .as(e.getKey() + " faults")
                    .isPositive();
        });
        JsonNode scan = new ObjectMapper()
                .readTree(out.resolve("results.json").toFile())
                .path("secretScan");
        assertThat(scan.path("logsScanned").asInt())
                .as("process logs scanned for secrets")
                .isGreaterThanOrEqualTo(5);
        assertThat(scan.path("leaks")).as("secrets in logs or metrics").isEmpty();
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(Files.readString(out.resolve("results.md")))
                .contains("R1 ", "R2 ", "R3 ", "R4 ", "R5 ", "R6 ", "R7 ")
                .doesNotContain("FAILED");
    }
}
