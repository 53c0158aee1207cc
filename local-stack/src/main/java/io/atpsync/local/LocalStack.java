package io.atpsync.local;

import io.atpsync.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The one-machine runtime: starts, stops and reports the components in dependency order (broker, schema registry,
 * contract topics, Streams app, Connect worker), each as its own process that outlives the command.
 */
public final class LocalStack {

    /** One component's state, for {@code local status}. */
    public record ComponentStatus(String name, boolean running, String address, String detail, boolean expected) {
        ComponentStatus(String name, boolean running, String address, String detail) {
            this(name, running, address, detail, true);
        }
    }

    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STREAMS_TIMEOUT = Duration.ofSeconds(120);

    private final LocalStackConfig config;

    public LocalStack(LocalStackConfig config) {
        this.config = config;
    }

    /** Starts whatever is not running yet; on failure stops what this call started and rethrows. */
    public void up(Consumer<String> progress) {
        List<Runnable> undo = new ArrayList<>();
        try {
            BrokerProcess broker = config.broker();
            if (broker.running()) {
                progress.accept("broker already running on " + broker.bootstrapServers());
            } else {
                progress.accept("starting Kafka broker (KRaft) on " + broker.bootstrapServers() + " ...");
                Duration took = broker.start(BROKER_TIMEOUT);
                undo.add(0, broker::stop);
                progress.accept("broker ready in " + took.toMillis() + " ms (data in " + broker.home() + ")");
            }
            EmulatorProcess emulator = config.emulator();
            if (emulator != null && emulator.running()) {
                progress.accept("Shopify emulator already running on " + emulator.url());
            } else if (emulator != null) {
                Duration took = emulator.start(Duration.ofSeconds(90));
                undo.add(0, emulator::stop);
                progress.accept("Shopify emulator (Shopify's real Admin schema, demo shop) on " + emulator.url()
                        + ", ready in " + took.toMillis() + " ms");
            }
            RegistryProcess registry = config.registry();
            if (registry.running()) {
                progress.accept("schema registry already running on " + registry.url());
            } else {
                Duration took = registry.start(Duration.ofSeconds(30));
                undo.add(0, registry::stop);
                progress.accept(
                        DevSchemaRegistry.BANNER + " on " + registry.url() + ", ready in " + took.toMillis() + " ms");
            }
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                List<TopicCreator.Outcome> outcomes =
                        TopicCreator.createAll(admin, Topics.DEFAULT, config.partitions(), (short) 1);
                long created =
                        outcomes.stream().filter(TopicCreator.Outcome::created).count();
                progress.accept(
                        "contract topics: " + created + " created, " + (outcomes.size() - created) + " already there");
            }
            StreamsAppProcess streams = config.streams();
            if (streams != null && streams.running()) {
                progress.accept("streams app already running on " + streams.url());
            } else if (streams != null) {
                progress.accept(
                        "starting the ATP Sync Streams app (exactly_once_v2), HTTP API on " + streams.url() + " ...");
                Duration took = streams.start(STREAMS_TIMEOUT);
                undo.add(0, streams::stop);
                progress.accept("streams app ready in " + took.toMillis() + " ms");
            }
            if (emulator != null && streams != null && config.sink() != null) {
                subscribeWebhooks(emulator, streams, config.sink().shop());
                progress.accept("emulator webhooks (orders/create, orders/updated, "
                        + "orders/cancelled, inventory_levels/update) go to " + streams.url() + "/webhooks/shopify");
            }
            ConnectWorkerProcess connect = config.connect();
            if (connect.running()) {
                progress.accept("connect worker already running on " + connect.restUrl());
            } else {
                progress.accept("starting Kafka Connect worker ("
                        + config.connectMode().name().toLowerCase() + ") on " + connect.restUrl() + " with plugin.path "
                        + config.pluginPath() + " ...");
                Duration took = connect.start(CONNECT_TIMEOUT);
                undo.add(0, connect::stop);
                progress.accept("connect worker ready in " + took.toMillis() + " ms");
            }
            if (config.sink() != null) {
                configureSink(connect, registry, config.sink());
                progress.accept("Shopify sink connector 'shopify-sink' writes atp.adjustments to "
                        + config.sink().shop() + " at " + config.sink().baseUrl());
            }
        } catch (RuntimeException e) {
            undo.forEach(Runnable::run);
            throw e;
        }
    }

    private static void subscribeWebhooks(EmulatorProcess emulator, StreamsAppProcess streams, String shop) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String topic : List.of("orders/create", "orders/updated", "orders/cancelled", "inventory_levels/update")) {
            String body = "{\"topic\":\"" + topic + "\",\"address\":\"" + streams.url() + "/webhooks/shopify\"}";
            try {
                var r = http.send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(emulator.url() + "/emulator/shops/" + shop + "/webhooks"))
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("the emulator refused the webhook subscription: " + r.body());
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("could not subscribe the emulator's webhooks: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** The sink connector's configuration, through Connect's REST API (idempotent PUT). */
    private static void configureSink(
            ConnectWorkerProcess connect, RegistryProcess registry, LocalStackConfig.SinkSettings sink) {
        Map<String, String> c = new java.util.LinkedHashMap<>();
        c.put("connector.class", "io.atpsync.sink.ShopifySinkConnector");
        c.put("tasks.max", "2");
        c.put("topics", Topics.DEFAULT.adjustments().name());
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", Topics.DEFAULT.dlq(Topics.DEFAULT.adjustments()));
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        c.put("shopify.shop", sink.shop());
        c.put("shopify.base.url", sink.baseUrl());
        c.put("shopify.access.token", sink.token());
        c.put("schema.registry.url", registry.url());
        try {
            connect.put(
                    "/connectors/shopify-sink/config",
                    new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(c));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not configure the sink connector: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * One more shop on the same {@code atp.adjustments}: a sink connector {@code shopify-sink-<name>} like
     * {@code shopify-sink} but for {@code shop} and its token, each naming the other's shop in
     * {@code shopify.other.shops} (one connector per shop).
     */
    public static void addShopConnector(ConnectWorkerProcess connect, String shop, String token) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try {
            Map<String, String> base = json.readValue(
                    connect.get("/connectors/shopify-sink/config"),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
            String others = base.getOrDefault("shopify.other.shops", "");
            base.put("shopify.other.shops", others.isEmpty() ? shop : others + "," + shop);
            connect.put("/connectors/shopify-sink/config", json.writeValueAsString(base));
            Map<String, String> added = new java.util.HashMap<>(base);
            added.remove("name");
            added.put("shopify.shop", shop);
            added.put("shopify.access.token", token);
            added.put("shopify.other.shops", base.get("shopify.shop"));
            connect.put(
                    "/connectors/shopify-sink-" + shop.substring(0, shop.indexOf('.')) + "/config",
                    json.writeValueAsString(added));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not add the sink connector of " + shop + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops every component, the last started first. */
    public void down(Consumer<String> progress) {
        progress.accept(config.connect().stop() ? "connect worker stopped" : "connect worker was not running");
        if (config.streams() != null) {
            progress.accept(config.streams().stop() ? "streams app stopped" : "streams app was not running");
        }
        progress.accept(config.registry().stop() ? "schema registry stopped" : "schema registry was not running");
        if (config.emulator() != null) {
            progress.accept(config.emulator().stop() ? "Shopify emulator stopped" : "Shopify emulator was not running");
        }
        progress.accept(config.broker().stop() ? "broker stopped" : "broker was not running");
    }

    /** A shutdown hook that stops the stack; closing it removes the hook (the caller stops the stack itself). */
    public interface ExitHook extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Stops every component if the JVM exits while the caller still runs (Ctrl-C, SIGTERM): the broker, Connect and the
     * Streams app are processes of their own and would outlive it.
     */
    public ExitHook downOnExit(Consumer<String> progress) {
        Thread hook = new Thread(() -> down(progress), "local-stack-down");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        };
    }

    public List<ComponentStatus> status() {
        BrokerProcess broker = config.broker();
        ConnectWorkerProcess connect = config.connect();
        RegistryProcess registry = config.registry();
        return List.of(
                new ComponentStatus("broker", broker.running(), broker.bootstrapServers(), pidOf(broker.process())),
                new ComponentStatus("registry", registry.running(), registry.url(), pidOf(registry.process())),
                streamsStatus(config.streams()),
                config.emulator() == null
                        ? new ComponentStatus("emulator", false, "-", "a real shop is configured", false)
                        : new ComponentStatus(
                                "emulator",
                                config.emulator().running(),
                                config.emulator().url(),
                                pidOf(config.emulator().process())),
                new ComponentStatus("connect", connect.running(), connect.restUrl(), pidOf(connect.process())));
    }

    private static ComponentStatus streamsStatus(StreamsAppProcess streams) {
        return streams == null
                ? new ComponentStatus("streams", false, "-", "not configured", false)
                : new ComponentStatus("streams", streams.running(), streams.url(), pidOf(streams.process()));
    }

    private static String pidOf(JavaProcess process) {
        return process.running()
                .map(p -> "pid " + p.pid() + ", log " + process.logFile())
                .orElse("-");
    }
}
