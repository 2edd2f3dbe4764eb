package io.weir.metadata.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigDocsTest {

    @Test
    void markdownDocumentsEveryKey() {
        String markdown = ConfigDocs.markdown();
        for (ConfigDefinition definition : BrokerConfigs.REGISTRY.definitions()) {
            assertThat(markdown).contains("| `" + definition.name() + "` |");
        }
        for (ConfigDefinition definition : TopicConfigs.REGISTRY.definitions()) {
            assertThat(markdown).contains("| `" + definition.name() + "` |");
        }
        assertThat(markdown).contains("| `consumer.session.timeout.ms` | int | `45000` (from group.consumer.session.timeout.ms)"
                + " | [1,...] | `group.consumer.session.timeout.ms` |");
        assertThat(markdown).contains("| `log.segment.bytes` | int | `1073741824` | [14,...] | high |");
        assertThat(markdown).contains("| `retention.ms` | long | `604800000` | [-1,...] | `log.retention.ms`,"
                + " `log.retention.minutes`, `log.retention.hours` |");
    }

    @Test
    void listingIsOneLinePerKey() {
        String listing = ConfigDocs.listing(BrokerConfigs.REGISTRY.definitions());
        assertThat(listing.lines()).hasSize(BrokerConfigs.REGISTRY.definitions().size());
        assertThat(listing.lines().filter(line -> line.startsWith("num.partitions ")).findFirst().orElseThrow())
                .matches("num\\.partitions +int +1 +The number of partitions of a topic created without an explicit count\\.");
    }

    @Test
    void keysNotActedOnSaySo() {
        assertThat(BrokerConfigs.REGISTRY.definition("share.coordinator.state.topic.min.isr").doc())
                .endsWith("Accepted for compatibility; not yet used.");
    }
}
