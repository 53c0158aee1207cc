package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.sink.ShopifySinkConfig;
import io.atpsync.streams.config.AppConfig;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and the files it mounts from deploy/: the connector config names only settings the sink knows, the
 * Streams instances load and differ where they must, and, where a Docker Compose client exists, {@code docker compose
 * config} accepts the file.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Settings every Connect sink takes, besides the connector's own. */
    private static final Set<String> CONNECT_SETTINGS = Set.of(
            "connector.class",
            "tasks.max",
            "topics",
            "key.converter",
            "value.converter",
            "errors.tolerance",
            "errors.deadletterqueue.topic.name",
            "errors.deadletterqueue.topic.replication.factor",
            "errors.deadletterqueue.context.headers.enable");

    @Test
    void connectorConfigNamesOnlyKnownSettingsAndKeepsTheTokenInTheEnvironment() throws Exception {
        Map<String, String> config = new ObjectMapper()
                .readValue(
                        ROOT.resolve("deploy/shopify-sink.json").toFile(), new TypeReference<Map<String, String>>() {});
        List<String> unknown = new ArrayList<>();
        config.keySet().forEach(k -> {
            if (!CONNECT_SETTINGS.contains(k)
                    && !ShopifySinkConfig.CONFIG_DEF.names().contains(k)) {
                unknown.add(k);
            }
        });
        assertThat(unknown).as("settings the sink does not define").isEmpty();
        assertThat(config.get(ShopifySinkConfig.ACCESS_TOKEN)).isEqualTo("${env:SHOPIFY_ACCESS_TOKEN}");
        assertThat(Files.readString(ROOT.resolve("deploy/connect-worker.properties")))
                .contains("config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider")
                .contains("rest.extension.classes=io.atpsync.sink.MetricsRestExtension");
    }

    @Test
    void bothStreamsInstancesLoadShareTheAppAndAdvertiseThemselves() throws Exception {
        AppConfig one = AppConfig.load(ROOT.resolve("deploy/streams-1.properties"));
        AppConfig two = AppConfig.load(ROOT.resolve("deploy/streams-2.properties"));
        assertThat(one.applicationId()).isEqualTo(two.applicationId()).isEqualTo("atp-sync");
        assertThat(one.streams().get("application.server")).isEqualTo("streams-1:18085");
        assertThat(two.streams().get("application.server")).isEqualTo("streams-2:18085");
        assertThat(one.streams().get("main.consumer.group.instance.id"))
                .as("static membership, distinct per instance")
                .isNotNull()
                .isNotEqualTo(two.streams().get("main.consumer.group.instance.id"));
        assertThat(one.connectUrl()).isEqualTo("http://connect:8083");
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        assertThat(compose)
                .contains(
                        "/etc/atp-sync/streams-1.properties",
                        "/etc/atp-sync/streams-2.properties",
                        "./shopify-sink/target/plugin:/opt/plugins");
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        List<String> compose = composeCommand();
        Assumptions.assumeTrue(
                compose != null, "no Docker Compose client (docker compose or docker-compose) on this machine");
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", ROOT.resolve("docker-compose.yml").toString(), "config", "-q"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SHOPIFY_SHOP", "acme.myshopify.com");
        pb.environment().put("SHOPIFY_ACCESS_TOKEN", "not-a-real-token");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    /** {@code docker compose} (the plugin) if it answers, else {@code docker-compose}, else null. */
    private static List<String> composeCommand() throws Exception {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            if (!onPath(candidate.get(0))) {
                continue;
            }
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            Process p = new ProcessBuilder(version).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
