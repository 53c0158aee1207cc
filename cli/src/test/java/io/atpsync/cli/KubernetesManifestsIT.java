package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.sink.ShopifySinkConfig;
import io.atpsync.testing.ProcessRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s checked against Kubernetes' OpenAPI schemas (npm {@code kubernetes-models}) and Strimzi's CRD schemas (npm
 * {@code @kubernetes-models/strimzi-kafka-operator}) by {@code deploy/k8s/validate/validate.mjs}: no cluster, no
 * kubectl, only Node and npm, like the registry interop test. Then what the issue asks of them, read from the files.
 */
class KubernetesManifestsIT {

    private static final Path K8S = Path.of("../deploy/k8s").toAbsolutePath().normalize();
    private static final Path WORK = Path.of("target/k8s-validate").toAbsolutePath();

    @BeforeAll
    static void install() throws Exception {
        Files.createDirectories(WORK);
        for (String f : List.of("package.json", "package-lock.json", "validate.mjs")) {
            Files.copy(K8S.resolve("validate").resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(WORK.resolve("node_modules/kubernetes-models"))) {
            assertThat(run(Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund")
                            .exit())
                    .isZero();
        }
    }

    @Test
    void shouldMatchTheSchemasOfKubernetesAndStrimzi() throws Exception {
        ProcessRun r = run(
                Duration.ofSeconds(60),
                "node",
                "validate.mjs",
                K8S.resolve("streams.yaml").toString(),
                K8S.resolve("connect.yaml").toString());

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("apps/v1/StatefulSet atp-sync-streams: valid")
                .contains("policy/v1/PodDisruptionBudget atp-sync-streams: valid")
                .contains("kafka.strimzi.io/v1beta2/KafkaConnect atp-sync-connect: valid")
                .contains("kafka.strimzi.io/v1beta2/KafkaConnector shopify-sink: valid")
                .doesNotContain("INVALID");
    }

    @Test
    void shouldRefuseAManifestThatBreaksTheSchema() throws Exception {
        Path bad = WORK.resolve("bad-connect.yaml");
        Files.writeString(bad, Files.readString(K8S.resolve("connect.yaml")).replace("tasksMax: 2", "tasksMax: two"));

        ProcessRun r = run(Duration.ofSeconds(60), "node", "validate.mjs", bad.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("KafkaConnector shopify-sink: INVALID: data/spec/tasksMax must be integer");
    }

    @Test
    void shouldRunTheStreamsAppAsAStatefulSetAndKeepTheTokenInASecret() throws Exception {
        String streams = Files.readString(K8S.resolve("streams.yaml"));
        assertThat(streams)
                .contains("kind: StatefulSet")
                .contains("main.consumer.group.instance.id=${env:POD_NAME}") // stable per pod
                .contains("fieldPath: metadata.name")
                .contains("volumeClaimTemplates:") // state on a volume
                .contains("mountPath: /var/lib/atp-sync")
                .contains("state.dir=/var/lib/atp-sync/streams")
                .contains("num.standby.replicas=1")
                .contains("path: /health")
                .contains("path: /ready")
                .contains("kind: PodDisruptionBudget");
        String connect = Files.readString(K8S.resolve("connect.yaml"));
        assertThat(connect)
                .contains("config.providers.secrets.class: io.strimzi.kafka.KubernetesSecretConfigProvider")
                .contains(ShopifySinkConfig.ACCESS_TOKEN + ": ${secrets:atp-sync/shopify-token:access-token}")
                .contains("class: io.atpsync.sink.ShopifySinkConnector")
                .contains("rest.extension.classes: io.atpsync.sink.MetricsRestExtension")
                .doesNotContain("shpat_demo");
    }

    private static ProcessRun run(Duration timeout, String... command) throws Exception {
        return ProcessRun.of(WORK, timeout, command);
    }
}
