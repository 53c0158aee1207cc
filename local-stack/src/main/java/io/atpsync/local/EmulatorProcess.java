package io.atpsync.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Shopify emulator as its own process (this module does not link it: the caller passes its main class and
 * classpath), seeded with a JSON file or its demo shop.
 *
 * @param launch main class and classpath
 * @param port its HTTP port on 127.0.0.1
 * @param seed a seed file, or null for the demo shop
 * @param home log and pid file live here
 */
public record EmulatorProcess(LocalStackConfig.AppLaunch launch, int port, Path seed, Path home) {

    public static final int DEFAULT_PORT = 18086;

    public String url() {
        return "http://" + Ports.HOST + ":" + port;
    }

    public Duration start(Duration timeout) {
        long t0 = System.nanoTime();
        if (running()) {
            throw new IllegalStateException(
                    "Shopify emulator is already running (pid file " + process().pidFile() + ")");
        }
        Ports.requireFree(port, "Shopify emulator", "--emulator-port");
        process().start();
        // It says "listening on" only once the schemas are parsed and the shops seeded.
        process().awaitReady(url(), timeout, 100, () -> process().logTail(5).contains("listening on"));
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    public boolean stop() {
        return process().stop(Duration.ofSeconds(10));
    }

    public boolean running() {
        return process().running().isPresent();
    }

    public JavaProcess process() {
        List<String> args = new ArrayList<>(List.of(Integer.toString(port)));
        if (seed != null) {
            args.add(seed.toAbsolutePath().toString());
        }
        return new JavaProcess(
                "Shopify emulator",
                launch.mainClass(),
                args,
                List.of("-Xmx6g"), // 1,000,000 levels, bulk query trees and their files (B3): a cap, not a reservation
                launch.classpath(),
                home.resolve("logs/emulator.log"),
                home.resolve("emulator.pid"));
    }
}
