package io.atpsync.local;

import java.nio.file.Path;

/**
 * Where and on which ports the one-machine stack runs. Everything binds to 127.0.0.1.
 *
 * @param home state of every component (data, logs, pid files), one sub-directory each
 * @param brokerPort Kafka client listener
 * @param controllerPort KRaft controller listener
 * @param registryPort development schema registry
 * @param connectPort Kafka Connect REST API
 * @param connectMode standalone or distributed worker
 * @param pluginPath Connect plugin directory (the built Shopify sink)
 * @param partitions partitions of each contract topic created
 * @param streamsPort the Streams app's HTTP API
 * @param streamsApp main class and classpath of the Streams app ({@code null} = do not run it)
 * @param emulatorPort the Shopify emulator's port
 * @param emulatorApp main class and classpath of the emulator ({@code null} = a real shop instead)
 * @param sink the sink connector to configure on the worker ({@code null} = none)
 */
public record LocalStackConfig(
        Path home,
        int brokerPort,
        int controllerPort,
        int registryPort,
        int connectPort,
        ConnectWorkerProcess.Mode connectMode,
        Path pluginPath,
        int partitions,
        int streamsPort,
        AppLaunch streamsApp,
        int emulatorPort,
        AppLaunch emulatorApp,
        SinkSettings sink) {

    /**
     * Where the sink connector writes: the emulator's demo shop by default, a real shop when given. The token is passed
     * to Connect's REST API only, never printed.
     */
    public record SinkSettings(String shop, String baseUrl, String token) {
        @Override
        public String toString() {
            return "SinkSettings[shop=" + shop + ", baseUrl=" + baseUrl + ", token=hidden]";
        }
    }

    /** How to run an app this module does not link: its main class and classpath. */
    public record AppLaunch(String mainClass, String classpath) {}

    public BrokerProcess broker() {
        return new BrokerProcess(brokerPort, controllerPort, home.resolve("broker"), "1g");
    }

    public RegistryProcess registry() {
        return new RegistryProcess(registryPort, home.resolve("registry"));
    }

    /** The emulator demo shop's webhook secret (its seed file says so; it only guards the local bridge). */
    public static final String DEMO_WEBHOOK_SECRET = "demo-webhook-secret";

    /**
     * The local stack's admin token for the Streams app's state-changing endpoints (POST /hard-sync, POST /reconcile,
     * the Drift page's buttons); like the demo shop's token, it only guards this machine's stack.
     */
    public static final String DEMO_ADMIN_TOKEN = "demo-admin-token";

    /**
     * The Streams app's {@code atpsync.reconcile.interval} for this JVM's stacks (unset: the app's default, every 4
     * hours). The benchmark and chaos suites set it to {@code off}: a reconciliation in the middle would be measured as
     * part of what they measure.
     */
    public static final String RECONCILE_INTERVAL_PROPERTY = "atp-sync.local.reconcile.interval";

    public StreamsAppProcess streams() {
        java.util.Map<String, String> extra = new java.util.HashMap<>();
        extra.put("atpsync.connect.url", "http://" + Ports.HOST + ":" + connectPort);
        // Static membership: a restarted (or crashed and restarted) app takes its tasks back at once
        // instead of waiting out the old member's session (45 s); measured in benchmark B5.
        extra.put("main.consumer.group.instance.id", "atp-sync-local-1");
        if (emulatorApp != null) {
            extra.put("atpsync.webhook.secrets", DEMO_WEBHOOK_SECRET);
            extra.put("atpsync.admin.token", DEMO_ADMIN_TOKEN);
        }
        String reconcile = System.getProperty(RECONCILE_INTERVAL_PROPERTY);
        if (reconcile != null) {
            extra.put("atpsync.reconcile.interval", reconcile);
        }
        return streamsApp == null
                ? null
                : new StreamsAppProcess(
                        streamsApp.mainClass(),
                        streamsApp.classpath(),
                        broker().bootstrapServers(),
                        registry().url(),
                        streamsPort,
                        home.resolve("streams"),
                        java.util.Map.copyOf(extra));
    }

    public EmulatorProcess emulator() {
        return emulatorApp == null
                ? null
                : new EmulatorProcess(emulatorApp, emulatorPort, null, home.resolve("emulator"));
    }

    public ConnectWorkerProcess connect() {
        return new ConnectWorkerProcess(
                connectMode,
                broker().bootstrapServers(),
                connectPort,
                pluginPath,
                home.resolve("connect"),
                java.util.List.of());
    }
}
