package io.atpsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.emulator.ShopifyEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atp-sync emulator}: the Shopify emulator in the foreground, seeded from a file or with the demo shop. */
@Command(
        name = "emulator",
        mixinStandardHelpOptions = true,
        description = "Run the Shopify emulator (Admin GraphQL on Shopify's "
                + "real schema, admin API under /emulator) until Ctrl-C.")
final class EmulatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "18086", description = "Port on 127.0.0.1. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(
            names = "--seed",
            description = "Seed JSON ({\"shops\":[...]}, see demo-shop.json). Default: the demo shop.")
    Path seed;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        try (ShopifyEmulator emulator = new ShopifyEmulator(port)) {
            Map<String, Object> data;
            if (seed != null) {
                data = new ObjectMapper().readValue(Files.readString(seed), Map.class);
            } else {
                try (var in = ShopifyEmulator.class.getResourceAsStream("demo-shop.json")) {
                    data = new ObjectMapper().readValue(in, Map.class);
                }
            }
            emulator.seed(data);
            emulator.warmUp();
            spec.commandLine()
                    .getOut()
                    .println("Shopify emulator on " + emulator.url() + " (" + (seed == null ? "demo shop" : seed)
                            + "); admin API at " + emulator.url() + "/emulator; Ctrl-C stops it");
            spec.commandLine().getOut().flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
