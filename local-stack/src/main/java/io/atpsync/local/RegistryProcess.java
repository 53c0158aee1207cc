package io.atpsync.local;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@link DevSchemaRegistry} as its own process, so it outlives {@code atp-sync local up}; its schemas are journaled
 * under {@code home} so they survive a restart, as the broker's data does.
 *
 * @param port the REST port on 127.0.0.1
 * @param home log and pid file live here
 */
public record RegistryProcess(int port, Path home) {

    public String url() {
        return "http://" + Ports.HOST + ":" + port;
    }

    public Duration start(Duration timeout) {
        long t0 = System.nanoTime();
        if (running()) {
            throw new IllegalStateException(
                    "schema registry is already running (pid file " + process().pidFile() + ")");
        }
        Ports.requireFree(port, "development schema registry", "--registry-port");
        process().start();
        process().awaitReady(url(), timeout, 50, () -> Ports.listening(port));
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    public boolean stop() {
        return process().stop(Duration.ofSeconds(10));
    }

    public boolean running() {
        return process().running().isPresent();
    }

    public JavaProcess process() {
        return new JavaProcess(
                "schema registry",
                DevSchemaRegistry.class.getName(),
                List.of(Integer.toString(port), home.resolve("schemas.journal").toString()),
                List.of("-Xmx128m"),
                ownLocation() + File.pathSeparator + ProcessClasspath.kafka(),
                home.resolve("logs/registry.log"),
                home.resolve("registry.pid"));
    }

    private static String ownLocation() {
        try {
            return Path.of(DevSchemaRegistry.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
