package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import io.atpsync.local.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code atp-sync local up|status|down} as a user runs it, on free ports, with the built sink plugin. */
class LocalCommandIT {

    @Test
    void shouldBringUpABrokerAndConnectWorkerAndRemoveThem(@TempDir Path home) {
        String[] ports = {
            "--home", home.toString(),
            "--broker-port", String.valueOf(Ports.free()), "--controller-port", String.valueOf(Ports.free()),
            "--connect-port", String.valueOf(Ports.free()),
            "--plugin-path", Path.of("../shopify-sink/target/plugin").toAbsolutePath().normalize().toString()};
        try {
            Run up = run("local", "up", ports);
            assertThat(up.exitCode).as(up.output).isZero();
            assertThat(up.output).contains("broker ready in").contains("connect worker ready in");

            Run status = run("local", "status", ports);
            assertThat(status.exitCode).as(status.output).isZero();
            assertThat(status.output).containsPattern("broker\\s+running").containsPattern("connect\\s+running");
        } finally {
            Run down = run("local", "down", ports);
            assertThat(down.output).contains("connect worker stopped").contains("broker stopped");
        }
        Run after = run("local", "status", ports);
        assertThat(after.exitCode).isEqualTo(3);
        assertThat(after.output).containsPattern("broker\\s+stopped").containsPattern("connect\\s+stopped");
    }

    @Test
    void shouldOfferHelpOnEveryCommand() {
        CommandLine cli = AtpSync.commandLine();
        assertHelp(cli);
    }

    private static void assertHelp(CommandLine command) {
        assertThat(command.getCommandSpec().mixinStandardHelpOptions() || command.getCommandName().equals("help"))
                .as("%s has --help", command.getCommandSpec().qualifiedName()).isTrue();
        command.getSubcommands().values().forEach(LocalCommandIT::assertHelp);
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(String group, String command, String... options) {
        StringWriter out = new StringWriter();
        CommandLine cli = AtpSync.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        String[] args = new String[options.length + 2];
        args[0] = group;
        args[1] = command;
        System.arraycopy(options, 0, args, 2, options.length);
        int code = cli.execute(args);
        return new Run(code, out.toString());
    }
}
