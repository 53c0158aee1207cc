package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.local.BrokerProcess;
import io.atpsync.local.ConnectWorkerProcess;
import io.atpsync.local.DevSchemaRegistry;
import io.atpsync.local.Ports;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.streams.StreamsApp;
import io.atpsync.streams.config.AppConfig;
import io.atpsync.testing.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI, the Streams app and a Connect worker against a broker process whose client listener requires SASL/PLAIN:
 * each takes the security settings from its own configuration, and a wrong password is a clear error that does not
 * print the password.
 */
class KafkaSecurityIT {

    private static final String PASSWORD = "atp-secret-" + System.nanoTime();
    private static final String JAAS =
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"atp\" password=\"%s\";";

    @TempDir
    static Path home;

    private static BrokerProcess broker;
    private static DevSchemaRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        broker = new BrokerProcess(
                Ports.free(),
                Ports.free(),
                home.resolve("broker"),
                "512m",
                new BrokerProcess.Sasl(Ports.free(), Map.of("atp", PASSWORD)));
        broker.start(Duration.ofMinutes(2));
        registry = new DevSchemaRegistry(0);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    private static Map<String, String> security(String password) {
        return Map.of(
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                String.format(JAAS, password));
    }

    private static Path clientConfig(String password) throws Exception {
        Path file = Files.createTempFile(home, "client", ".properties");
        StringBuilder text = new StringBuilder();
        security(password)
                .forEach((k, v) -> text.append(k)
                        .append('=')
                        .append(v.replace("\"", "\\\""))
                        .append('\n'));
        Files.writeString(file, text.toString());
        return file;
    }

    @Test
    void cliStreamsAppAndConnectWorkerWorkOverSaslPlain() throws Exception {
        Topics topics = new Topics("sasl-" + System.nanoTime() + ".");
        String client = clientConfig(PASSWORD).toString();
        String[] kafka = {
            "--bootstrap-servers",
            broker.saslBootstrapServers(),
            "--registry-url",
            registry.url(),
            "--client-config",
            client,
            "--topic-prefix",
            topics.prefix()
        };

        CommandRun created = CliRun.of(concat(new String[] {"topics", "create", "--partitions", "2"}, kafka));
        assertThat(created.exitCode()).as(created.output()).isZero();
        publish(
                kafka,
                topics.facilities().name(),
                "{\"facilityId\":\"F1\",\"name\":\"Store 1\",\"type\":\"STORE\",\"sellsOnline\":true}");
        publish(
                kafka,
                topics.locationMappings().name(),
                "{\"shopifyLocationId\":\"gid://shopify/Location/1\",\"shop\":\"demo.myshopify.com\","
                        + "\"facilityIds\":[\"F1\"]}");

        Map<String, String> app = new HashMap<>(security(PASSWORD));
        app.putAll(Map.of(
                "bootstrap.servers",
                broker.saslBootstrapServers(),
                RegistryClientConfig.URL,
                registry.url(),
                "application.id",
                topics.prefix() + "app",
                "state.dir",
                home.resolve("streams").toString(),
                AppConfig.TOPIC_PREFIX,
                topics.prefix(),
                AppConfig.HTTP_PORT,
                Integer.toString(Ports.free())));
        try (StreamsApp streams = new StreamsApp(AppConfig.of(app))) {
            streams.start();
            Thread.sleep(2_000);
            publish(
                    kafka,
                    topics.inventoryEvents().name(),
                    "{\"eventId\":\"sasl-1\",\"source\":\"ERP\",\"type\":\"RECEIPT\",\"sku\":\"SKU-S\","
                            + "\"facilityId\":\"F1\",\"qohDiff\":7,\"atpDiff\":7,"
                            + "\"occurredAt\":\"2026-11-23T08:00:00Z\"}");
            List<String> keys = keysOn(topics.onlineAtp().name(), 1);
            assertThat(keys)
                    .as("the Streams app, on SASL only, computed online ATP")
                    .contains("gid://shopify/Location/1|SKU-S");
        }

        Map<String, String> worker = new HashMap<>();
        for (String prefix : List.of("", "producer.", "consumer.", "admin.")) {
            security(PASSWORD).forEach((k, v) -> worker.put(prefix + k, v));
        }
        ConnectWorkerProcess connect = new ConnectWorkerProcess(
                ConnectWorkerProcess.Mode.DISTRIBUTED,
                broker.saslBootstrapServers(),
                Ports.free(),
                Files.createDirectories(home.resolve("plugins")),
                home.resolve("connect"),
                List.of(),
                Map.copyOf(worker));
        try {
            connect.start(
                    Duration.ofMinutes(2)); // distributed mode: it has created and read its config topics over SASL
            assertThat(connect.get("/connectors")).isEqualTo("[]");
            assertThat(Files.readString(home.resolve("connect/logs/connect.log")))
                    .doesNotContain(PASSWORD);
        } finally {
            connect.stop();
        }
    }

    @Test
    void aWrongPasswordIsAClearErrorWithoutThePassword() throws Exception {
        String wrong = "not-the-password-" + System.nanoTime();
        CommandRun run = CliRun.of(
                "topics",
                "create",
                "--bootstrap-servers",
                broker.saslBootstrapServers(),
                "--registry-url",
                registry.url(),
                "--client-config",
                clientConfig(wrong).toString(),
                "--topic-prefix",
                "wrong.");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).containsIgnoringCase("authentication failed").doesNotContain(wrong);
    }

    private static void publish(String[] kafka, String topic, String json) throws Exception {
        Path file = Files.createTempFile(home, "records", ".jsonl");
        Files.writeString(file, json + "\n");
        CommandRun run =
                CliRun.of(concat(new String[] {"publish", "--topic", topic, "--file", file.toString()}, kafka));
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    /** Keys on a topic, read through the harness's PLAINTEXT listener. */
    private static List<String> keysOn(String topic, int expected) {
        Map<String, Object> c = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "read-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline && keys.size() < expected) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    keys.add(r.key());
                }
            }
        }
        return keys;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
