package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.testing.CommandRun;
import org.junit.jupiter.api.Test;

/** Shell completion comes from picocli's generator, and the help names every exit code the commands return. */
class CompletionTest {

    @Test
    void shouldGenerateABashCompletionScriptThatKnowsTheSubcommands() {
        CommandRun run = CliRun.of("generate-completion");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete -F", "atp-sync", "hard-sync", "import", "audit");
    }

    @Test
    void shouldListTheExitCodesInTheHelp() {
        CommandRun run = CliRun.of("--help");

        assertThat(run.out())
                .contains(
                        "Exit codes: 0 done; 1 an error",
                        "3 `local status`",
                        "5 `audit`",
                        "6 `shopify import-catalog`");
    }

    @Test
    void shouldAnswerAnUnknownOptionWithExitCode2() {
        assertThat(CliRun.of("audit", "--no-such-option").exitCode()).isEqualTo(2);
    }
}
