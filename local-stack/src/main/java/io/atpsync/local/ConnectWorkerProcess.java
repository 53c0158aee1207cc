package io.atpsync.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A Kafka Connect worker as its own process, standalone or distributed, with {@code plugin.path} pointing at the built
 * connector plugins (the Shopify sink lives in {@code shopify-sink/target/plugin/shopify-sink}).
 *
 * @param mode standalone (offsets in a file) or distributed (config, offsets and status in topics)
 * @param bootstrapServers the broker
 * @param restPort Connect's REST API on 127.0.0.1
 * @param pluginPath directory whose sub-directories are plugins
 * @param home config, logs, offsets and pid file live here
 * @param connectorConfigs standalone only: connector property files to start with
 * @param extraConfig more worker settings, last (e.g. security.protocol, sasl.* and their producer./consumer./admin.
 *     copies)
 */
public record ConnectWorkerProcess(
        Mode mode,
        String bootstrapServers,
        int restPort,
        Path pluginPath,
        Path home,
        List<Path> connectorConfigs,
        Map<String, String> extraConfig) {

    public ConnectWorkerProcess(
            Mode mode, String bootstrapServers, int restPort, Path pluginPath, Path home, List<Path> connectorConfigs) {
        this(mode, bootstrapServers, restPort, pluginPath, home, connectorConfigs, Map.of());
    }

    /** Connect's two deployment modes. */
    public enum Mode {
        STANDALONE,
        DISTRIBUTED
    }

    public static final int DEFAULT_PORT = 18083;

    public String restUrl() {
        return "http://" + Ports.HOST + ":" + restPort;
    }

    /** Starts the worker and waits until its REST API answers; returns the time taken. */
    public Duration start(Duration timeout) {
        long t0 = System.nanoTime();
        if (process().running().isPresent()) {
            throw new IllegalStateException(
                    "connect worker is already running (pid file " + process().pidFile() + ")");
        }
        if (!Files.isDirectory(pluginPath)) {
            throw new IllegalStateException(
                    "plugin path " + pluginPath + " does not exist: build the sink with ./mvnw install");
        }
        Ports.requireFree(restPort, "Kafka Connect REST API", "--connect-port");
        writeConfig();
        process().start();
        awaitReady(timeout);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    public boolean stop() {
        return process().stop(Duration.ofSeconds(30));
    }

    public boolean running() {
        return process().running().isPresent();
    }

    public JavaProcess process() {
        String main = mode == Mode.STANDALONE
                ? "org.apache.kafka.connect.cli.ConnectStandalone"
                : "org.apache.kafka.connect.cli.ConnectDistributed";
        List<String> args = new ArrayList<>();
        args.add(home.resolve("worker.properties").toString());
        if (mode == Mode.STANDALONE) {
            connectorConfigs.forEach(c -> args.add(c.toString()));
        }
        return new JavaProcess(
                "connect worker",
                main,
                args,
                List.of(
                        "-Xms128m",
                        "-Xmx1g", // a bulk hard sync of 1,000,000 pairs holds their targets and levels
                        "-Djava.awt.headless=true",
                        "-Dkafka.logs.dir=" + home.resolve("logs"),
                        "-Dorg.slf4j.simpleLogger.showDateTime=true",
                        "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
                        // the local stack explains every hard-sync target it writes over an order (what was read, what
                        // was kept)
                        "-Dorg.slf4j.simpleLogger.log.io.atpsync.sink.OrderAwareSet=debug",
                        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.atpsync.schemas"),
                ProcessClasspath.kafka(),
                home.resolve("logs/connect.log"),
                home.resolve("connect.pid"));
    }

    private void writeConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("bootstrap.servers", bootstrapServers);
        c.put("listeners", restUrl());
        c.put("plugin.path", pluginPath.toAbsolutePath().toString());
        // Plugins ship a ServiceLoader manifest: discovery takes ~5 s less than scanning.
        c.put("plugin.discovery", "service_load");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        c.put("offset.flush.interval.ms", "1000");
        if (Files.isDirectory(pluginPath.resolve("shopify-sink"))) {
            // GET /metrics on the REST port: Connect's and the sink's metrics in Prometheus text.
            c.put("rest.extension.classes", "io.atpsync.sink.MetricsRestExtension");
        }
        // A SET batch of 250 changes costs ~260 points (the compare-and-swap read is most of it): 2.6 s
        // of a Standard shop's bucket. Ten per poll keep put() far below max.poll.interval.ms; a hundred
        // took longer during large hard syncs, the task left its group and replayed (benchmark B3).
        c.put("consumer.max.poll.records", "10");
        c.put("consumer.max.poll.interval.ms", "900000");
        // A crashed worker's sink consumers give up their partitions after 10 s, not the default 45 s.
        c.put("consumer.session.timeout.ms", "10000");
        c.put("consumer.heartbeat.interval.ms", "3000");
        // Sink consumers must never see batches of an aborted Streams transaction.
        c.put("consumer.isolation.level", "read_committed");
        if (mode == Mode.STANDALONE) {
            c.put(
                    "offset.storage.file.filename",
                    home.resolve("connect.offsets").toString());
        } else {
            c.put("group.id", "atp-sync-connect");
            c.put("config.storage.topic", "_atp-sync-connect-configs");
            c.put("offset.storage.topic", "_atp-sync-connect-offsets");
            c.put("status.storage.topic", "_atp-sync-connect-status");
            c.put("config.storage.replication.factor", "1");
            c.put("offset.storage.replication.factor", "1");
            c.put("status.storage.replication.factor", "1");
        }
        c.putAll(extraConfig);
        Properties p = new Properties();
        p.putAll(c);
        Path file = home.resolve("worker.properties");
        try {
            Files.createDirectories(home);
            try (var out = Files.newBufferedWriter(file)) {
                p.store(out, "written by atp-sync local-stack (" + mode.name().toLowerCase() + " mode)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** GET on the worker's REST API; the body, or an exception when it does not answer 2xx. */
    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(restUrl() + path))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("GET " + path + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** PUT on the worker's REST API (e.g. a connector's config); the body, or an exception when not 2xx. */
    public String put(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(restUrl() + path))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("PUT " + path + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private void awaitReady(Duration timeout) {
        process().awaitReady(restUrl(), timeout, 200, () -> {
            try {
                get("/connectors");
                return true;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
    }
}
