package io.atpsync.harness;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reliability suite's reference model is DESIGN.md written again, not a copy of the code it checks. */
class HarnessArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.atpsync");
    }

    @Test
    void shouldKeepTheReferenceModelApartFromTheCodeItChecks() {
        noClasses()
                .that()
                .resideInAPackage("io.atpsync.harness.chaos..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.atpsync.streams..", "io.atpsync.sink..")
                .check(classes);
    }

    @Test
    void shouldKeepTheReferenceModelFreeOfKafkaAndHttpClients() {
        noClasses()
                .that()
                .resideInAPackage("io.atpsync.harness.chaos..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "okhttp3..", "java.net.http..")
                .because("the model is pure logic, tested with tables of cases")
                .check(classes);
    }
}
