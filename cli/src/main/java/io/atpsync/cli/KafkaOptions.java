package io.atpsync.cli;

import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Where the cluster and the registry are: the local stack by default, anything by option or environment. */
final class KafkaOptions {

    @Option(
            names = {"-b", "--bootstrap-servers"},
            defaultValue = "${env:ATP_SYNC_BOOTSTRAP_SERVERS:-127.0.0.1:19092}",
            description = "Kafka bootstrap servers (env ATP_SYNC_BOOTSTRAP_SERVERS). Default: ${DEFAULT-VALUE}")
    String bootstrapServers;

    @Option(
            names = "--registry-url",
            defaultValue = "${env:ATP_SYNC_SCHEMA_REGISTRY_URL:-http://127.0.0.1:18081}",
            description = "Confluent-compatible schema registry (env "
                    + "ATP_SYNC_SCHEMA_REGISTRY_URL). Default: ${DEFAULT-VALUE}")
    String registryUrl;

    @Option(
            names = "--client-config",
            paramLabel = "FILE",
            description =
                    "Kafka client and registry properties (security.protocol, sasl.*, basic.auth.user.info, ...).")
    Path clientConfig;

    @Option(
            names = "--topic-prefix",
            defaultValue = "${env:ATP_SYNC_TOPIC_PREFIX:-}",
            description = "Prefix of every contract topic name (env ATP_SYNC_TOPIC_PREFIX). Default: none")
    String topicPrefix;

    Topics topics() {
        return topicPrefix == null || topicPrefix.isEmpty() ? Topics.DEFAULT : new Topics(topicPrefix);
    }

    /** Client configuration: the file first, then bootstrap servers and registry URL from the options. */
    Map<String, Object> clientConfigs() {
        Map<String, Object> configs = new HashMap<>();
        if (clientConfig != null) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(clientConfig)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read --client-config " + clientConfig + ": " + e.getMessage(), e);
            }
            p.forEach((k, v) -> configs.put(k.toString(), v));
        }
        configs.put("bootstrap.servers", bootstrapServers);
        configs.put(RegistryClientConfig.URL, registryUrl);
        return configs;
    }
}
