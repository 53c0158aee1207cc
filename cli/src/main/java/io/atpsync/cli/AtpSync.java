package io.atpsync.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code atp-sync} command line: one entry point for operators, integrators and tests. */
@Command(
        name = "atp-sync",
        mixinStandardHelpOptions = true,
        versionProvider = AtpSync.Version.class,
        description = "Keeps Shopify inventory equal to online ATP computed from ERP, POS and OMS events.",
        footer = {
            "",
            "Benchmarks and the reliability suite (the harness module):",
            "  ./atp-sync bench --help    ./atp-sync chaos --help"
        },
        subcommands = {
            DemoCommand.class,
            LocalCommand.class,
            EmulatorCommand.class,
            TopicsCommand.class,
            PublishCommand.class,
            ImportCommand.class,
            ConfigCommand.class,
            ThresholdsCommand.class,
            ShopifyCommand.class,
            ReceiveCommand.class,
            ConsumeCommand.class,
            AtpCommand.class,
            AuditCommand.class,
            HardSyncCommand.class,
            CommandLine.HelpCommand.class
        })
public final class AtpSync {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AtpSync());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
            if (System.getenv("ATP_SYNC_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli;
    }

    /** Version from the jar manifest, else the development marker. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AtpSync.class.getPackage().getImplementationVersion();
            return new String[] {"atp-sync " + (v == null ? "development build" : v)};
        }
    }
}
