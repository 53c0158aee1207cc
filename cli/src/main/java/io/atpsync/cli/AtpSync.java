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
            "  ./atp-sync bench --help    ./atp-sync chaos --help",
            "",
            "Shell completion (bash, zsh): source <(./atp-sync generate-completion)",
            "",
            "Exit codes: 0 done; 1 an error or a rejected file (named on stderr); 2 a usage error, or a hard sync",
            "not confirmed in time; 3 `local status`: something is down, `import inventory`: a reset published but",
            "not in Shopify yet; 4 `receive`: unknown shipment; 5 `audit`: Shopify differs;",
            "6 `shopify import-catalog`: SKUs on several items left out; 7 `shopify connect`: a scope missing."
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
            CommandLine.HelpCommand.class,
            picocli.AutoComplete.GenerateCompletion.class
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

    /** The project version of this build (Maven stamps it into {@code version.properties}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            java.util.Properties p = new java.util.Properties();
            try (java.io.InputStream in = AtpSync.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"atp-sync " + p.getProperty("version", "(version unknown: not built by Maven)")};
        }
    }
}
