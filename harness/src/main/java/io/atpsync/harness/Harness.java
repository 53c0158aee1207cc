package io.atpsync.harness;

import io.atpsync.cli.AtpSync;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./atp-sync bench} and {@code ./atp-sync chaos}: the benchmarks and the reliability suite, run by the launcher
 * with this module's classpath. They drive the product from outside, as an operator would; the product does not know
 * them.
 */
@Command(
        name = "atp-sync",
        mixinStandardHelpOptions = true,
        description = "ATP Sync's benchmarks and reliability suite.",
        subcommands = {BenchCommand.class, ChaosCommand.class, CommandLine.HelpCommand.class})
public final class Harness {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests; errors print as the product CLI prints them. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Harness());
        cli.setExecutionExceptionHandler(AtpSync.commandLine().getExecutionExceptionHandler());
        return cli;
    }
}
