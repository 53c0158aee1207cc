package io.atpsync.cli;

import io.atpsync.local.LocalStack;
import io.atpsync.local.LocalStackConfig;
import io.atpsync.schemas.registry.RegistryClientConfig;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code atp-sync demo}: the whole system on this machine with a retailer's day running through it. Ctrl-C stops it.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start everything (broker, registry, Streams app, Shopify emulator, Connect with the sink), seed the demo",
            "retailer and feed it realistic inventory events until Ctrl-C, which stops everything."
        })
final class DemoCommand implements Callable<Integer> {

    @Mixin
    LocalStackOptions options;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--duration",
            description = "Stop after this many seconds (0 = until Ctrl-C). Default: ${DEFAULT-VALUE}")
    int durationSeconds;

    @Option(names = "--keep", description = "Leave the stack running when the demo ends.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // The emulator forgets its shop when it stops, so the demo starts from a clean stack too:
        // otherwise a restarted demo would push variances onto an empty Shopify.
        boolean own = options.home.equals(Launcher.home().resolve(".atp-sync/local"));
        if (own) {
            options.home = options.home.resolveSibling("demo");
        }
        if (own && java.nio.file.Files.exists(options.home)) {
            if (new LocalStack(options.config()).status().stream().anyMatch(LocalStack.ComponentStatus::running)) {
                throw new IllegalStateException("a demo is already running from " + options.home + "; stop it with "
                        + "./atp-sync local down --home " + options.home);
            }
            try (var files = java.nio.file.Files.walk(options.home)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        LocalStackConfig config = options.config();
        if (config.emulator() == null) {
            throw new IllegalArgumentException(
                    "the demo feeds the emulator's demo shop; use ./atp-sync local up for a real shop");
        }
        LocalStack stack = new LocalStack(config);
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.countDown();
                    if (!keep) {
                        out.println("\ndemo: stopping everything ...");
                        stack.down(line -> out.println("  " + line));
                        out.flush();
                    }
                },
                "demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        stack.up(line -> {
            out.println(line);
            out.flush();
        });
        Map<String, Object> client = Map.of(
                "bootstrap.servers",
                config.broker().bootstrapServers(),
                RegistryClientConfig.URL,
                config.registry().url());
        DemoFeed feed = new DemoFeed(client, config.emulator().url(), out);
        feed.seed();
        feed.shareWarehouse(
                config.connect(),
                new io.atpsync.emulator.EmulatorAdmin(config.emulator().url()));
        String streams = config.streams().url();
        out.println();
        out.println("ATP Sync demo is running. Look:");
        out.println("  dashboard:               " + streams + "/dashboard/#/sku/SKU-A   (System page: " + streams
                + "/dashboard/#/system)");
        out.println("  online ATP of a SKU:     ./atp-sync atp SKU-A        (or " + streams + "/atp/SKU-A)");
        out.println("  adjustment history:      " + streams + "/history/SKU-A");
        out.println("  a kit, a store on hand:  ./atp-sync atp " + DemoFeed.KIT
                + "   ./atp-sync atp SKU-A (Airport store:" + " on_hand; Online warehouse: wh-central's 70% share)");
        out.println("  batches sent to Shopify: ./atp-sync consume -t atp.adjustments");
        out.println("  Shopify's levels:        " + config.emulator().url() + "/emulator/shops/" + DemoFeed.SHOP
                + "/levels");
        out.println("  sink connector:          " + config.connect().restUrl() + "/connectors/shopify-sink/status");
        out.println("  metrics:                 " + streams + "/metrics and "
                + config.connect().restUrl() + "/metrics");
        out.println("Feeding receipts, POS sales, damages and Shopify orders; Ctrl-C stops everything.");
        out.flush();
        long until = durationSeconds > 0 ? System.currentTimeMillis() + durationSeconds * 1000L : Long.MAX_VALUE;
        long ticks = 0;
        while (stop.getCount() > 0 && System.currentTimeMillis() < until) {
            feed.tick();
            if (++ticks % 50 == 0) {
                out.printf("demo: %d events fed%n", ticks * 5);
                out.flush();
            }
            Thread.sleep(200);
        }
        if (durationSeconds > 0) {
            Runtime.getRuntime().removeShutdownHook(hook);
            if (!keep) {
                stack.down(line -> out.println("  " + line));
            }
        }
        return 0;
    }
}
