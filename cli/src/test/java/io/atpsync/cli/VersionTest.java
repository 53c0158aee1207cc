package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.testing.CommandRun;
import org.junit.jupiter.api.Test;

/** {@code atp-sync --version} names this build's project version, the one in every jar's manifest. */
class VersionTest {

    @Test
    void shouldPrintTheProjectVersion() {
        CommandRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().trim()).isEqualTo("atp-sync " + System.getProperty("atpsync.project.version"));
    }
}
