package io.weir.broker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The broker's layering rules: kafka-clients' generated message classes are visible only to the
 * per-API handlers and to the inter-broker side (the broker client and the replica fetcher, which
 * build requests and read responses); kafka-clients' request wrappers and networking never; Netty
 * only to the transport.
 */
class LayeringTest {

    private static final JavaClasses BROKER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.weir.broker");

    @Test
    void onlyHandlersSeeKafkaClientsTypes() {
        assertNoViolation(noClasses().that().resideOutsideOfPackages("io.weir.broker.handler..", "io.weir.broker.net..",
                        "io.weir.broker.fetcher..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .evaluate(BROKER));
    }

    @Test
    void nobodyInTheBrokerUsesKafkaRequestWrappersOrClientNetworking() {
        assertNoViolation(noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka.common.requests..", "org.apache.kafka.common.network..", "org.apache.kafka.clients..")
                .evaluate(BROKER));
    }

    @Test
    void onlyTheTransportSeesNetty() {
        assertNoViolation(noClasses().that().resideOutsideOfPackage("io.weir.broker.network..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .evaluate(BROKER));
    }

    /** Fails with ArchUnit's report, which names every offending dependency. */
    private static void assertNoViolation(EvaluationResult result) {
        assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
    }
}
