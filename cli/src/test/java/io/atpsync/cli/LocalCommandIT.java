package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.local.Ports;
import io.atpsync.testing.CommandRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code atp-sync local up|status|down} as a user runs it, on free ports, with the built sink plugin. */
class LocalCommandIT {

    @Test
    void shouldBringUpABrokerAndConnectWorkerAndRemoveThem(@TempDir Path home) {
        String[] ports = {
            "--home",
            home.toString(),
            "--broker-port",
            String.valueOf(Ports.free()),
            "--controller-port",
            String.valueOf(Ports.free()),
            "--connect-port",
            String.valueOf(Ports.free()),
            "--registry-port",
            String.valueOf(Ports.free()),
            "--streams-port",
            String.valueOf(Ports.free()),
            "--emulator-port",
            String.valueOf(Ports.free()),
            "--plugin-path",
            Path.of("../shopify-sink/target/plugin")
                    .toAbsolutePath()
                    .normalize()
                    .toString()
        };
        try {
            CommandRun up = run("local", "up", ports);
            assertThat(up.exitCode()).as(up.output()).isZero();
            assertThat(up.output())
                    .contains("broker ready in")
                    .contains("DEVELOPMENT schema registry")
                    .contains("contract topics: 17 created")
                    .contains("streams app ready in")
                    .contains("connect worker ready in")
                    .contains("Shopify emulator")
                    .contains("Shopify sink connector 'shopify-sink'");

            CommandRun status = run("local", "status", ports);
            assertThat(status.exitCode()).as(status.output()).isZero();
            assertThat(status.output())
                    .containsPattern("broker\\s+running")
                    .containsPattern("registry\\s+running")
                    .containsPattern("streams\\s+running")
                    .containsPattern("connect\\s+running");
            String[] statusJson = java.util.stream.Stream.concat(
                            java.util.stream.Stream.of("local", "status", "--json"), java.util.Arrays.stream(ports))
                    .toArray(String[]::new);
            CommandRun json = CliRun.of(statusJson);
            assertThat(json.exitCode()).as(json.output()).isZero();
            assertThat(json.out()).contains("{\"name\":\"broker\",\"running\":true,");
        } finally {
            CommandRun down = run("local", "down", ports);
            assertThat(down.output())
                    .contains("connect worker stopped")
                    .contains("streams app stopped")
                    .contains("schema registry stopped")
                    .contains("broker stopped");
        }
        CommandRun after = run("local", "status", ports);
        assertThat(after.exitCode()).isEqualTo(3);
        assertThat(after.output()).containsPattern("broker\\s+stopped").containsPattern("connect\\s+stopped");
    }

    @Test
    void shouldOfferHelpOnEveryCommand() {
        CommandLine cli = AtpSync.commandLine();
        assertHelp(cli);
    }

    private static void assertHelp(CommandLine command) {
        assertThat(command.getCommandSpec().mixinStandardHelpOptions()
                        || command.getCommandName().equals("help"))
                .as("%s has --help", command.getCommandSpec().qualifiedName())
                .isTrue();
        command.getSubcommands().values().forEach(LocalCommandIT::assertHelp);
    }

    private static CommandRun run(String group, String command, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = group;
        args[1] = command;
        System.arraycopy(options, 0, args, 2, options.length);
        return CliRun.of(args);
    }
}
