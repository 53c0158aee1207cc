package io.atpsync.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the pure logic pure: the ATP formula, variance logic, batching, throttle maths and error classification import
 * neither Kafka nor an HTTP client, so they stay testable with tables of cases. The cli module sees every other product
 * module, so the rules run here over the whole product (the harness has its own rules).
 */
class ArchitectureTest {

    /** Packages of pure logic. Add a package here when it is created. */
    static final String[] PURE_PACKAGES = {
        "io.atpsync.streams.atp..",
        "io.atpsync.streams.variance..",
        "io.atpsync.streams.hardsync..",
        "io.atpsync.streams.webhook..",
        "io.atpsync.shopify.throttle..",
        "io.atpsync.shopify.retry..",
    };

    static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.atpsync");
    }

    @Test
    void shouldKeepPurePackagesFreeOfKafkaAndHttpClients() {
        noClasses()
                .that()
                .resideInAnyPackage(PURE_PACKAGES)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "okhttp3..", "java.net.http..")
                .because("pure logic is tested with tables of cases, without a broker or a server")
                .check(classes);
    }

    @Test
    void shouldFindClassesInEveryListedPurePackage() {
        for (String pkg : PURE_PACKAGES) {
            String name = pkg.replace("..", "");
            assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith(name)))
                    .as("pure package %s has classes", name)
                    .isTrue();
        }
    }

    /** The Streams app's layers: the pure model, its Kafka wiring, and the HTTP edge on top of both. */
    @Test
    void shouldKeepTheTopologyFreeOfTheHttpEdge() {
        noClasses()
                .that()
                .resideInAnyPackage("io.atpsync.streams.topology..", "io.atpsync.streams.state..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.atpsync.streams.api..", "com.sun.net.httpserver..")
                .because("the topology runs the same with or without the REST API and dashboard")
                .check(classes);
    }

    @Test
    void shouldKeepThePureModelOutOfEveryOtherLayer() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.atpsync.streams.atp..", "io.atpsync.streams.variance..", "io.atpsync.streams.hardsync..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.atpsync.streams.topology..",
                        "io.atpsync.streams.api..",
                        "io.atpsync.streams.config..",
                        "io.atpsync.streams.ops..",
                        "io.atpsync.streams.state..")
                .check(classes);
    }

    @Test
    void shouldKeepConfigurationBelowTheTopologyAndTheApi() {
        noClasses()
                .that()
                .resideInAPackage("io.atpsync.streams.config..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.atpsync.streams.topology..", "io.atpsync.streams.api..", "io.atpsync.streams.ops..")
                .check(classes);
    }

    @Test
    void shouldKeepTheCliALeaf() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.atpsync.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.atpsync.cli..")
                .check(classes);
    }

    /** The product's classpath (this module's, which holds every product module) has neither the harness nor JMH. */
    @ParameterizedTest
    @ValueSource(strings = {"io.atpsync.harness.Harness", "org.openjdk.jmh.annotations.Benchmark"})
    void shouldKeepBenchmarksAndTheReliabilitySuiteOutOfTheProduct(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }
}
