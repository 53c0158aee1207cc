package io.atpsync.cli;

import io.atpsync.emulator.ShopifyEmulator;
import io.atpsync.local.BrokerProcess;
import io.atpsync.local.ConnectWorkerProcess;
import io.atpsync.local.DevSchemaRegistry;
import io.atpsync.local.EmulatorProcess;
import io.atpsync.local.LocalStackConfig;
import io.atpsync.local.StreamsAppProcess;
import io.atpsync.streams.StreamsApp;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the {@code local} commands: where state lives and which ports are used. */
public final class LocalStackOptions {

    /** The emulator demo shop's full-access token (not a secret: it only opens the local emulator). */
    public static final String DEMO_TOKEN = "shpat_demo_full_access";

    @Option(
            names = "--home",
            description = "State of the local stack (data, logs, pid files). Default: ${DEFAULT-VALUE}")
    public Path home = Launcher.home().resolve(".atp-sync/local");

    @Option(names = "--broker-port", description = "Kafka client port on 127.0.0.1. Default: ${DEFAULT-VALUE}")
    int brokerPort = BrokerProcess.DEFAULT_PORT;

    @Option(names = "--controller-port", description = "KRaft controller port on 127.0.0.1. Default: ${DEFAULT-VALUE}")
    int controllerPort = BrokerProcess.DEFAULT_CONTROLLER_PORT;

    @Option(
            names = "--registry-port",
            description = "Development schema registry port on 127.0.0.1. Default: ${DEFAULT-VALUE}")
    int registryPort = DevSchemaRegistry.DEFAULT_PORT;

    @Option(
            names = "--partitions",
            description = "Partitions of each contract topic created. Default: ${DEFAULT-VALUE}")
    int partitions = 6;

    @Option(names = "--streams-port", description = "Streams app HTTP API port on 127.0.0.1. Default: ${DEFAULT-VALUE}")
    int streamsPort = StreamsAppProcess.DEFAULT_PORT;

    @Option(names = "--emulator-port", description = "Shopify emulator port on 127.0.0.1. Default: ${DEFAULT-VALUE}")
    int emulatorPort = EmulatorProcess.DEFAULT_PORT;

    @Option(
            names = "--shop",
            description = "Shop the sink writes to. Default: ${DEFAULT-VALUE} (the emulator's demo shop)")
    String shop = "demo.myshopify.com";

    @Option(
            names = "--shop-url",
            description = "A real shop's Admin API base URL (e.g. https://acme.myshopify.com): no emulator is started.")
    String shopUrl;

    @Option(
            names = "--token",
            defaultValue = "${env:ATP_SYNC_SHOPIFY_TOKEN}",
            description = "Admin API token for --shop-url (env ATP_SYNC_SHOPIFY_TOKEN; "
                    + "prefer the variable: arguments show in ps).")
    String token;

    @Option(names = "--connect-port", description = "Kafka Connect REST port on 127.0.0.1. Default: ${DEFAULT-VALUE}")
    int connectPort = ConnectWorkerProcess.DEFAULT_PORT;

    @Option(
            names = "--connect-mode",
            description = "Connect worker mode: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}")
    ConnectWorkerProcess.Mode connectMode = ConnectWorkerProcess.Mode.DISTRIBUTED;

    @Option(names = "--plugin-path", description = "Connect plugin directory. Default: ${DEFAULT-VALUE}")
    Path pluginPath = Launcher.home().resolve("shopify-sink/target/plugin");

    public LocalStackConfig config() {
        return new LocalStackConfig(
                home.toAbsolutePath(),
                brokerPort,
                controllerPort,
                registryPort,
                connectPort,
                connectMode,
                pluginPath.toAbsolutePath(),
                partitions,
                streamsPort,
                AppClasspath.launch(StreamsApp.class, "app-classpath.txt"),
                emulatorPort,
                shopUrl == null ? AppClasspath.launch(ShopifyEmulator.class, "app-classpath.txt") : null,
                sink());
    }

    private LocalStackConfig.SinkSettings sink() {
        if (shopUrl == null) {
            return new LocalStackConfig.SinkSettings(shop, "http://127.0.0.1:" + emulatorPort, DEMO_TOKEN);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("--shop-url needs a token: set ATP_SYNC_SHOPIFY_TOKEN (or --token)");
        }
        return new LocalStackConfig.SinkSettings(shop, shopUrl, token);
    }
}
