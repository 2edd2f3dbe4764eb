package io.weir.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The direction of dependencies between modules, as ARCHITECTURE.md draws it: server over broker,
 * broker over storage, metadata and protocol; storage and metadata depend on no other Weir module
 * and on neither kafka-clients nor Netty.
 */
class ModuleLayeringTest {

    private static final JavaClasses WEIR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.weir");

    @Test
    void storageStandsAlone() {
        assertNoViolation(noClasses().that().resideInAPackage("io.weir.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("io.weir.metadata..", "io.weir.protocol..",
                        "io.weir.broker..", "io.weir.server..", "org.apache.kafka..", "io.netty..")
                .evaluate(WEIR));
    }

    @Test
    void metadataStandsAlone() {
        assertNoViolation(noClasses().that().resideInAPackage("io.weir.metadata..")
                .should().dependOnClassesThat().resideInAnyPackage("io.weir.storage..", "io.weir.protocol..",
                        "io.weir.broker..", "io.weir.server..", "org.apache.kafka..", "io.netty..")
                .evaluate(WEIR));
    }

    @Test
    void protocolKnowsNoBrokerSide() {
        assertNoViolation(noClasses().that().resideInAPackage("io.weir.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("io.weir.storage..", "io.weir.metadata..",
                        "io.weir.broker..", "io.weir.server..")
                .evaluate(WEIR));
    }

    @Test
    void nothingBelowTheServerReachesUp() {
        assertNoViolation(noClasses().that().resideOutsideOfPackage("io.weir.server..")
                .should().dependOnClassesThat().resideInAPackage("io.weir.server..")
                .evaluate(WEIR));
    }

    @Test
    void onlyTheProtocolLayerHandlersAndInterBrokerCallsNameKafkaClientsTypes() {
        assertNoViolation(noClasses().that().resideOutsideOfPackages("io.weir.protocol..", "io.weir.broker.handler..",
                        "io.weir.broker.net..", "io.weir.broker.fetcher..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .evaluate(WEIR));
    }

    /** Fails with ArchUnit's report, which names every offending dependency. */
    private static void assertNoViolation(EvaluationResult result) {
        assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
    }
}
