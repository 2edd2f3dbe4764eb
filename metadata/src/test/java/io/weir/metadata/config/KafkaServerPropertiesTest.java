package io.weir.metadata.config;

import io.weir.metadata.record.SecurityProtocol;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A Kafka 4.x KRaft server.properties, as shipped, is accepted and means what it means to Kafka. */
class KafkaServerPropertiesTest {

    private static Properties shipped() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = KafkaServerPropertiesTest.class.getResourceAsStream("kafka-4-server.properties")) {
            properties.load(in);
        }
        return properties;
    }

    @Test
    void shippedKraftServerPropertiesParse() throws IOException {
        BrokerConfig config = BrokerConfig.parse(ConfigLoader.fromProperties(shipped()));

        assertThat(config.nodeId()).isEqualTo(1);
        assertThat(config.processRoles()).containsExactlyInAnyOrder(ProcessRole.BROKER, ProcessRole.CONTROLLER);
        assertThat(config.logDirs()).containsExactly(Path.of("/tmp/kraft-combined-logs"));
        assertThat(config.listeners()).containsExactly(
                new Listener("PLAINTEXT", "", 9092), new Listener("CONTROLLER", "", 9093));
        assertThat(config.brokerListeners()).containsExactly(new Listener("PLAINTEXT", "", 9092));
        assertThat(config.advertisedListeners()).first().isEqualTo(new Listener("PLAINTEXT", "localhost", 9092));
        assertThat(config.controllerListenerNames()).containsExactly("CONTROLLER");
        assertThat(config.securityProtocol(config.listeners().get(1))).isEqualTo(SecurityProtocol.PLAINTEXT);
        assertThat(config.interBrokerListenerName()).isEqualTo("PLAINTEXT");
        assertThat(config.controllerQuorumBootstrapServers()).containsExactly(new HostPort("localhost", 9093));
        assertThat(config.logRetentionMs()).isEqualTo(168L * 3_600_000L);
        assertThat(config.logFlushIntervalMessages()).isEqualTo(10_000L);
        assertThat(config.logFlushIntervalMs()).isEqualTo(1_000L);
        assertThat(config.numRecoveryThreadsPerDataDir()).isEqualTo(1);
        assertThat(config.offsetsTopicReplicationFactor()).isEqualTo((short) 1);
    }

    @Test
    void everyShippedKeyIsKnown() throws IOException {
        for (String key : shipped().stringPropertyNames()) {
            assertThat(BrokerConfigs.REGISTRY.find(key)).as(key).isPresent();
        }
    }
}
