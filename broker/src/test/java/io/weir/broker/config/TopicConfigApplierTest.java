package io.weir.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.record.ConfigRecord;
import io.weir.metadata.record.ResourceType;
import io.weir.metadata.store.LocalMetadataStore;
import io.weir.storage.LogConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicConfigApplierTest {

    @TempDir
    Path dir;

    @Test
    void changedTopicsGetTheirNewLogSettings() throws IOException {
        Map<String, LogConfig> applied = new LinkedHashMap<>();
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            store.commit(Topics.topic("orders"));
            store.commit(Topics.topic("payments"));
            store.addListener(new TopicConfigApplier(BrokerConfig.defaults(), applied::put));

            store.commit(List.of(config("orders", "retention.ms", Optional.of("1000"))));
            assertThat(applied).containsOnlyKeys("orders");
            assertThat(applied.get("orders")).isEqualTo(LogConfig.defaults().withRetentionMs(1000));

            store.commit(List.of(config("orders", "retention.ms", Optional.empty())));
            assertThat(applied.get("orders")).isEqualTo(LogConfig.defaults());
            assertThat(applied).doesNotContainKey("payments");
        }
    }

    @Test
    void aFailingCallbackDoesNotStopTheOthers() throws IOException {
        Map<String, LogConfig> applied = new LinkedHashMap<>();
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            store.commit(Topics.topic("a"));
            store.commit(Topics.topic("b"));
            store.addListener(new TopicConfigApplier(BrokerConfig.defaults(), (topic, config) -> {
                applied.put(topic, config);
                throw new IllegalStateException("log is closed");
            }));

            store.commit(List.of(config("a", "flush.ms", Optional.of("5")), config("b", "flush.ms", Optional.of("6"))));

            assertThat(applied).containsOnlyKeys("a", "b");
        }
    }

    private static ConfigRecord config(String topic, String key, Optional<String> value) {
        return new ConfigRecord(ResourceType.TOPIC, topic, key, value);
    }
}
