package io.weir.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
        noClasses().that().resideInAPackage("io.weir.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("io.weir.metadata..", "io.weir.protocol..",
                        "io.weir.broker..", "io.weir.server..", "org.apache.kafka..", "io.netty..")
                .check(WEIR);
    }

    @Test
    void metadataStandsAlone() {
        noClasses().that().resideInAPackage("io.weir.metadata..")
                .should().dependOnClassesThat().resideInAnyPackage("io.weir.storage..", "io.weir.protocol..",
                        "io.weir.broker..", "io.weir.server..", "org.apache.kafka..", "io.netty..")
                .check(WEIR);
    }

    @Test
    void protocolKnowsNoBrokerSide() {
        noClasses().that().resideInAPackage("io.weir.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("io.weir.storage..", "io.weir.metadata..",
                        "io.weir.broker..", "io.weir.server..")
                .check(WEIR);
    }

    @Test
    void nothingBelowTheServerReachesUp() {
        noClasses().that().resideOutsideOfPackage("io.weir.server..")
                .should().dependOnClassesThat().resideInAPackage("io.weir.server..")
                .check(WEIR);
    }

    @Test
    void onlyTheProtocolLayerAndHandlersNameKafkaClientsTypes() {
        noClasses().that().resideOutsideOfPackages("io.weir.protocol..", "io.weir.broker.handler..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .check(WEIR);
    }
}
